package wasmbin

import (
	"strings"
	"testing"
)

// FuzzWalk: no input makes a walk panic; each refusal is one line; and a
// module CheckDeclaredSizes accepts still reads back once CapTables has
// rewritten it.
func FuzzWalk(f *testing.F) {
	const header = "\x00asm\x01\x00\x00\x00"
	for _, s := range []string{"", "\x04\x04\x01\x70\x00\x05", "\x0a\x0b\x02\x03\x00\x01\x0b\x05\x00\x01\x01\x01\x0b",
		"\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x0a\x04\x01\x02\x00\x0b", "\x00\x0c\x04name\x01\x05\x01\x00\x01f\x00",
		"\x04\x84\x80\x80\x80\x00\x01\x70\x00\x05"} {
		f.Add([]byte(header + s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		oneLine := func(what string, err error) {
			if err != nil && strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("%s: error %q is not one line", what, err)
			}
		}
		oneLine("CheckCompileCost", CheckCompileCost(b, CompileCaps{Functions: 100, Code: 1 << 10, FunctionSize: 64}))
		err := CheckDeclaredSizes(b)
		oneLine("CheckDeclaredSizes", err)
		if err != nil {
			return
		}
		out, err := CapTables(b)
		oneLine("CapTables", err)
		if err == nil {
			if err := CheckDeclaredSizes(out); err != nil {
				t.Fatalf("CapTables turned % x into % x, which does not read back: %v", b, out, err)
			}
		}
	})
}
