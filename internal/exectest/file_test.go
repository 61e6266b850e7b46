package exectest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/healthlite/healthlite/internal/exectest"
)

// What the process wrote before it wrote a file is there as soon as the
// file is: the output does not trail behind a copying goroutine.
func TestFileHoldsOutputBeforeWhatFollows(t *testing.T) {
	out := exectest.NewFile(t, "stderr")
	marker := filepath.Join(t.TempDir(), "marker")
	cmd := exec.Command("sh", "-c", `echo "started on port 1" >&2; echo 1 >"$1"; sleep 5`, "sh", marker)
	cmd.Stderr = out.OS()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for {
		if _, err := os.Stat(marker); err == nil {
			break
		}
	}
	if got := out.String(); got != "started on port 1\n" {
		t.Fatalf("output when the marker appeared: %q", got)
	}
}
