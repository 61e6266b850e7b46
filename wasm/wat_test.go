package wasm

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The test modules are WAT sources in testdata, compiled here with wabt's
// wat2wasm. Without wat2wasm the tests skip, except in CI (CI=true), where
// a missing tool is a failure.

var (
	watOnce sync.Once
	watDir  string
	watErr  error
	watMu   sync.Mutex
	watBin  = map[string][]byte{}
)

// wat compiles testdata/name.wat and returns the module bytes.
func wat(tb testing.TB, name string) []byte {
	tb.Helper()
	watOnce.Do(func() {
		if _, err := exec.LookPath("wat2wasm"); err != nil {
			watErr = err
			return
		}
		watDir, watErr = os.MkdirTemp("", "healthlite-wat")
	})
	if watErr != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("wat2wasm is required in CI (apt-get install -y wabt): %v", watErr)
		}
		tb.Skipf("skipping: wat2wasm not found (apt-get install -y wabt): %v", watErr)
	}
	watMu.Lock()
	defer watMu.Unlock()
	if b, ok := watBin[name]; ok {
		return b
	}
	out := filepath.Join(watDir, name+".wasm")
	cmd := exec.Command("wat2wasm", filepath.Join("testdata", name+".wat"), "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("wat2wasm %s: %v\n%s", name, err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		tb.Fatal(err)
	}
	watBin[name] = b
	return b
}

func TestMain(m *testing.M) {
	code := m.Run()
	if watDir != "" {
		os.RemoveAll(watDir)
	}
	os.Exit(code)
}
