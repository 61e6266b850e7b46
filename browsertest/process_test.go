package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startWithPort starts cmd, killed when t ends, and waits up to timeout
// for it to write the port it listens on as the first line of file, as
// healthlite's --port-file and chromium's DevToolsActivePort both do; it
// fails t with cmd's stderr when no port comes.
func startWithPort(t *testing.T, cmd *exec.Cmd, file string, timeout time.Duration) string {
	t.Helper()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(timeout)
	for {
		if b, err := os.ReadFile(file); err == nil {
			if port, _, ok := strings.Cut(string(b), "\n"); ok {
				return port
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s wrote no port to %s in %v; stderr:\n%s", filepath.Base(cmd.Path), filepath.Base(file), timeout, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
