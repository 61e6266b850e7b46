package wasm

import (
	"context"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/internal/wasmtest"
)

// manyFunctions builds a reactor module: check() -> i32 returning 0, plus
// n-1 functions () -> () whose bodies are pad bytes of nop.
func manyFunctions(n, pad int) []byte {
	return wasmtest.Reactor(n-1, wasmtest.Nops(pad))
}

// Modules over the compile caps are refused before wazero sees them, with
// the cap named, by Load and by Precheck alike; raising the cap loads them. The module (millions
// of empty functions, within the size limit) is refused at no compile cost.
func TestCompileCaps(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		module []byte
		opts   Options
		want   string // "" loads
	}{
		{"at the function cap", manyFunctions(DefaultMaxFunctions, 0), Options{}, ""},
		{"over the function cap", manyFunctions(DefaultMaxFunctions+1, 0), Options{}, "defines 20001 functions, over the cap of 20000 (MaxFunctions"},
		{"function cap raised", manyFunctions(DefaultMaxFunctions+1, 0), Options{MaxFunctions: 30000}, ""},
		{"a million empty functions", manyFunctions(1_000_000, 0), Options{}, "over the cap of 2097152 (MaxCodeSize"},
		{"over the code cap", manyFunctions(100, 1000), Options{MaxCodeSize: 50_000}, "over the cap of 50000 (MaxCodeSize"},
		{"at the function size cap", manyFunctions(2, DefaultMaxFunctionSize-2), Options{}, ""},
		{"over the function size cap", manyFunctions(2, DefaultMaxFunctionSize-1), Options{}, "function body 1 is 65537 bytes, over the cap of 65536 (MaxFunctionSize"},
		{"function size cap raised", manyFunctions(2, DefaultMaxFunctionSize), Options{MaxFunctionSize: 1 << 20}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			perr := Precheck(tc.module, tc.opts)
			c, err := Load(ctx, tc.module, tc.opts)
			if (perr == nil) != (err == nil) || (err != nil && perr.Error() != err.Error()) {
				t.Errorf("Precheck: %v; Load: %v; want the same answer", perr, err)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				c.Close(ctx)
				return
			}
			if err == nil {
				c.Close(ctx)
				t.Fatalf("loaded; want refused with %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "refused before compiling") {
				t.Fatalf("error %q, want %q", err, tc.want)
			}
		})
	}
}

// The refusal costs a walk of the module, not a compilation: a handful of
// allocations (the error message), however many functions it declares.
func TestCompileCapsRefuseWithoutCompiling(t *testing.T) {
	module := manyFunctions(1_000_000, 0)
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := Load(context.Background(), module, Options{}); err == nil {
			t.Fatal("loaded")
		}
	})
	if allocs > 20 {
		t.Errorf("a refused Load made %.0f allocations; want a few (no compilation)", allocs)
	}
}
