package wasmtest_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/healthlite/healthlite/internal/wasmtest"
	"github.com/tetratelabs/wazero"
)

func TestNops(t *testing.T) {
	if got := wasmtest.Nops(3); !bytes.Equal(got, []byte{0, 1, 1, 1, 0x0b}) {
		t.Errorf("Nops(3) = %x, want no locals, three nops, end", got)
	}
}

// The module is valid WebAssembly: wazero compiles and instantiates it,
// and check returns 0.
func TestReactorRuns(t *testing.T) {
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	for _, n := range []int{0, 1, 100} {
		compiled, err := rt.CompileModule(ctx, wasmtest.Reactor(n, wasmtest.Nops(5)))
		if err != nil {
			t.Fatalf("%d functions: %v", n, err)
		}
		mod, err := rt.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName(""))
		if err != nil {
			t.Fatal(err)
		}
		res, err := mod.ExportedFunction("check").Call(ctx)
		if err != nil || len(res) != 1 || res[0] != 0 {
			t.Errorf("%d functions: check() = %v %v, want 0", n, res, err)
		}
		mod.Close(ctx)
	}
}
