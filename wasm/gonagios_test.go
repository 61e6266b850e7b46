package wasm

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/healthlite/healthlite/core"
)

var (
	goGuestOnce sync.Once
	goGuest     []byte
	goGuestErr  error
)

// goNagios builds testdata/gonagios for GOOS=wasip1 with the go command on
// PATH (the one running the tests).
func goNagios(tb testing.TB) []byte {
	tb.Helper()
	goGuestOnce.Do(func() {
		dir, err := os.MkdirTemp("", "healthlite-gonagios")
		if err != nil {
			goGuestErr = err
			return
		}
		defer os.RemoveAll(dir)
		out := filepath.Join(dir, "gonagios.wasm")
		cmd := exec.Command("go", "build", "-o", out, "./testdata/gonagios")
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
		if msg, err := cmd.CombinedOutput(); err != nil {
			goGuestErr = err
			tb.Logf("%s", msg)
			return
		}
		goGuest, goGuestErr = os.ReadFile(out)
	})
	if goGuestErr != nil {
		tb.Fatalf("build the Go guest: %v", goGuestErr)
	}
	return goGuest
}

func TestGoCommandGuest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go program for wasip1")
	}
	b := goNagios(t)
	t.Logf("Go guest: %d bytes", len(b))
	for _, tc := range []struct {
		arg  string
		want core.Status
		msg  string
	}{
		{"0", core.StatusPass, "OK - go guest says 0"},
		{"2", core.StatusFail, "CRITICAL - go guest says 2"},
		{"99", core.StatusUnknown, "UNKNOWN - go guest says 99 (exit code 99 is not a status (0 pass, 1 warn, 2 fail, 3 unknown))"},
	} {
		c, err := Load(t.Context(), b, Options{Name: "go", Args: []string{tc.arg}})
		if err != nil {
			t.Fatal(err)
		}
		r := run(c)
		m := c.LastMetrics()
		c.Close(t.Context())
		if r.Status != tc.want || r.Message != tc.msg {
			t.Errorf("arg %s: got %v %q, want %v %q", tc.arg, r.Status, r.Message, tc.want, tc.msg)
		}
		if len(m) != 2 || m[0] != (Metric{"answer", 42}) || m[1] != (Metric{"args", 2}) {
			t.Errorf("arg %s: metrics %v", tc.arg, m)
		}
	}
}
