package wasm

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/wasm/internal/wasmbin"
)

// TestHugeDeclaredVectorsCostNothing: a 26-byte module declaring two billion
// parameter types (found by FuzzLoad) made wazero reserve 16 GiB before it
// failed. Load refuses it before wazero sees it, at the cost of a few bytes
// (every lie wasmbin.CheckDeclaredSizes refuses is in its own tests).
func TestHugeDeclaredVectorsCostNothing(t *testing.T) {
	parameters := []byte("\x00asm\x01\x00\x00\x00\x01\n\x02`\x80\xfe\xff\xff\aA\xe8\xe1\xe1\xe1\xe1\xe1a")
	locals := []byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x0a\x0a\x01\x08\x01\xff\xff\xff\xff\x0f\x7f\x0b")
	for _, module := range [][]byte{parameters, locals} {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		_, err := Load(context.Background(), module, Options{Name: "huge"})
		runtime.ReadMemStats(&m1)
		if err == nil || !strings.HasPrefix(err.Error(), `healthlite: wasm["huge"]: not a valid WebAssembly module: `) {
			t.Errorf("% x: error %v, want it refused as not valid", module, err)
		}
		if grew := m1.TotalAlloc - m0.TotalAlloc; grew > 64<<20 {
			t.Errorf("% x: loading allocated %d MiB", module, grew>>20)
		}
	}
}

// TestDeclaredSizesUnderstandsRealModules: the walk reads real modules to
// their end, so a lie anywhere in them would be seen, and refuses none.
func TestDeclaredSizesUnderstandsRealModules(t *testing.T) {
	modules := map[string][]byte{}
	for _, name := range []string{"status", "loop", "oob", "command", "hostcalls", "badsig", "nomemory", "http", "manymetrics", "init", "grow"} {
		modules[name+".wat"] = wat(t, name)
	}
	if !testing.Short() {
		modules["gonagios (Go, wasip1)"] = goNagios(t)
	}
	for name, b := range modules {
		if err := wasmbin.CheckDeclaredSizes(b); err != nil {
			t.Errorf("%s: %v; want the module read to its end and accepted", name, err)
		}
	}
}
