package wasm

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

// TestHugeDeclaredVectorsCostNothing: a 26-byte module declaring two billion
// parameter types (found by FuzzLoad) made wazero reserve 16 GiB before it
// failed. It is refused before wazero sees it, at the cost of a few bytes.
func TestHugeDeclaredVectorsCostNothing(t *testing.T) {
	for name, tc := range map[string]struct {
		module []byte
		want   string
	}{
		"parameters": {[]byte("\x00asm\x01\x00\x00\x00\x01\n\x02`\x80\xfe\xff\xff\aA\xe8\xe1\xe1\xe1\xe1\xe1a"), "type 0 declares 2147483392 parameter types in 3 bytes"},
		"results":    {[]byte("\x00asm\x01\x00\x00\x00\x01\x09\x01\x60\x00\xff\xff\xff\xff\x0f\x7f"), "declares 4294967295 result types in 1 bytes"},
		"imports":    {[]byte("\x00asm\x01\x00\x00\x00\x02\x06\xff\xff\xff\xff\x0f\x00"), "section 2 declares 4294967295 entries in 1 bytes"},
	} {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		_, err := Load(context.Background(), tc.module, Options{Name: "huge"})
		runtime.ReadMemStats(&m1)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), `healthlite: wasm["huge"]: not a valid WebAssembly module: `) {
			t.Errorf("%s: error %v, want one naming %q", name, err, tc.want)
		}
		if grew := m1.TotalAlloc - m0.TotalAlloc; grew > 64<<20 {
			t.Errorf("%s: loading allocated %d MiB", name, grew>>20)
		}
	}
}

func TestCheckVectorCountsAcceptsRealModules(t *testing.T) {
	for _, name := range []string{"status", "loop", "oob", "command", "hostcalls", "badsig", "nomemory"} {
		if err := checkVectorCounts(wat(t, name)); err != nil {
			t.Errorf("%s.wat: %v", name, err)
		}
	}
}
