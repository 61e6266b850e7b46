package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/wasmtest"
)

// reactorModule writes a reactor module to dir/name.wasm — check() returns
// 0 — with n more functions of body bytes each, and returns its path.
func reactorModule(t *testing.T, name string, n int, body []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name+".wasm")
	if err := os.WriteFile(path, wasmtest.Reactor(n, body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// slowBody is a function body of 4,680 blocks that each branch on a local:
// 64 KiB, within the caps, whose compilation takes wazero about 0.25 s of
// CPU (compile time grows faster than a body's size).
func slowBody() []byte {
	b := []byte{1, 1, 0x7f} // one i32 local
	for range 4680 {
		b = append(b, 0x02, 0x40, 0x20, 0, 0x0d, 0, 0x20, 0, 0x41, 1, 0x6a, 0x21, 0, 0x0b)
	}
	return append(b, 0x0b)
}

// A module that takes seconds to compile delays neither serving nor
// stopping: the port answers at once, the check reports unknown "loading"
// meanwhile, and SIGTERM stops the process before the compile ends.
func TestServeWasmLoadsInBackground(t *testing.T) {
	module := reactorModule(t, "slow", 8, slowBody()) // ~2 s of CPU to compile
	p, base := serveOn(t, nil, "--drain-delay", "0", "--check", "slow=wasm:"+module+",interval=1h,timeout=200ms")
	waitStatus(t, base+"/livez", 200)
	var body string
	eventually(t, 20*time.Second, "the check reports loading", func() bool {
		var code int
		code, body = get(t, base+"/readyz/slow?verbose")
		return code == 503 && strings.Contains(body, "loading")
	})
	if strings.Contains(p.stderr.String(), "Loaded wasm check") {
		t.Fatalf("the module loaded before the test could see it loading; make it slower")
	}
	p.stop()
	if log := p.stderr.String(); strings.Contains(log, "Loaded wasm check") {
		t.Errorf("serve waited for the compile before stopping:\n%s", log)
	}
}

// A module that loads in the background gets a real first result: the
// first run waits for it (up to half its timeout), then runs it.
func TestServeWasmFirstRunWaitsForLoad(t *testing.T) {
	module := reactorModule(t, "quick", 1, []byte{0, 0x0b})
	_, base := serveOn(t, nil, "--check", "quick=wasm:"+module+",interval=1h,timeout=20s")
	waitStatus(t, base+"/readyz/quick", 200)
}

// Modules over the compile caps are refused at start, before compiling,
// by serve (exit 2) and by healthlite check (exit 3, unknown), with one
// line naming the cap; max-functions (spec) and --max-functions (check)
// raise it.
func TestCompileCapsAtStart(t *testing.T) {
	module := reactorModule(t, "many", 20000, []byte{0, 0x0b}) // 20,001 functions
	code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--check", "many=wasm:"+module)
	if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "over the cap of 20000 (MaxFunctions, max-functions)") {
		t.Errorf("serve: exit %d, stderr %q; want 2 and one line naming the cap", code, stderr)
	}
	code, _, stderr = runBinary(t, nil, "check", module)
	if code != 3 || !strings.Contains(stderr, "over the cap of 20000 (MaxFunctions, max-functions)") {
		t.Errorf("check: exit %d, stderr %q; want 3 and the cap named", code, stderr)
	}
	if code, stdout, stderr := runBinary(t, nil, "check", module, "--max-functions", "20001"); code != 0 {
		t.Errorf("check --max-functions 20001: exit %d, %q %q; want 0", code, stdout, stderr)
	}
	_, base := serveOn(t, nil, "--check", "many=wasm:"+module+",max-functions=20001,interval=1h,timeout=20s")
	waitStatus(t, base+"/readyz/many", 200)
}
