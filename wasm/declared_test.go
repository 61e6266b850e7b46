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
	for name, tc := range map[string]struct {
		module []byte
		want   string
	}{
		"parameters": {[]byte("\x00asm\x01\x00\x00\x00\x01\n\x02`\x80\xfe\xff\xff\aA\xe8\xe1\xe1\xe1\xe1\xe1a"), "type 0 declares 2147483392 parameter types in 3 bytes"},
		"locals": {[]byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x0a\x0a\x01\x08\x01\xff\xff\xff\xff\x0f\x7f\x0b"),
			"function body 0 declares 4294967295 locals; at most 50000 are accepted"},
	} {
		t.Run(name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			_, err := Load(context.Background(), tc.module, Options{Name: "huge"})
			runtime.ReadMemStats(&m1)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), `healthlite: wasm["huge"]: not a valid WebAssembly module: `) {
				t.Errorf("error %v, want one naming %q", err, tc.want)
			}
			if grew := m1.TotalAlloc - m0.TotalAlloc; grew > 64<<20 {
				t.Errorf("loading allocated %d MiB", grew>>20)
			}
		})
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
