package wasmbin

import (
	"strings"
	"testing"
)

// TestCompileCost: each cap is named when exceeded; a module at the caps,
// and one whose code section lies about its sizes (for CheckDeclaredSizes
// to refuse), pass.
func TestCompileCost(t *testing.T) {
	const header = "\x00asm\x01\x00\x00\x00"
	// A code section of two bodies of 3 and 5 bytes, after a custom section.
	module := []byte(header + "\x00\x02\x01x" + "\x0a\x0b\x02\x03\x00\x01\x0b\x05\x00\x01\x01\x01\x0b")
	at := CompileCaps{Functions: 2, Code: 11, FunctionSize: 5}
	for _, tc := range []struct {
		name   string
		module []byte
		caps   CompileCaps
		want   string // "" passes
	}{
		{"at the caps", module, at, ""},
		{"functions", module, CompileCaps{Functions: 1, Code: 11, FunctionSize: 5}, "it defines 2 functions, over the cap of 1 (MaxFunctions"},
		{"code", module, CompileCaps{Functions: 2, Code: 10, FunctionSize: 5}, "its code is 11 bytes, over the cap of 10 (MaxCodeSize"},
		{"function size", module, CompileCaps{Functions: 2, Code: 11, FunctionSize: 4}, "function body 1 is 5 bytes, over the cap of 4 (MaxFunctionSize"},
		{"a count that lies", []byte(header + "\x0a\x02\xff\x01"), at, ""},
		{"a body that lies", []byte(header + "\x0a\x03\x01\x7f\x00"), at, ""},
		{"no header", []byte("\x00as"), at, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckCompileCost(tc.module, tc.caps)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
