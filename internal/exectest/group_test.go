//go:build linux

package exectest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/exectest"
)

func TestGroupPortFileAndStop(t *testing.T) {
	port := filepath.Join(t.TempDir(), "port")
	// A server stand-in: writes its port file, then runs until SIGTERM,
	// which it answers with a line and exit 0.
	g := exectest.StartGroup(t, exec.Command("sh", "-c",
		`trap 'echo stopping; exit 0' TERM; echo started; echo "8080" > "$0.tmp" && mv "$0.tmp" "$0"; while :; do sleep 0.05; done`, port))
	if p := g.WaitPortFile(t, port); p != 8080 {
		t.Errorf("WaitPortFile = %d, want 8080", p)
	}
	if err := g.Stop(t); err != nil {
		t.Errorf("Stop = %v, want exit 0", err)
	}
	if out := g.Output.String(); !strings.Contains(out, "started\n") || !strings.Contains(out, "stopping\n") {
		t.Errorf("output %q, want both lines the program wrote", out)
	}
}

func TestGroupKilledWithTheTest(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child")
	var g *exectest.Group
	t.Run("uses", func(t *testing.T) {
		// The program starts a child that ignores SIGTERM; the group is
		// killed whole, child included.
		g = exectest.StartGroup(t, exec.Command("sh", "-c", `sh -c 'trap "" TERM; sleep 300' & echo $! > "$0"; wait`, pidFile))
		coretest.WaitUntil(t, 10*time.Second, "the child's pid file", func() bool {
			b, err := os.ReadFile(pidFile)
			return err == nil && strings.HasSuffix(string(b), "\n")
		})
	})
	if g.Cmd.ProcessState == nil {
		t.Fatal("the program still runs after the test that started it")
	}
	b, _ := os.ReadFile(pidFile)
	pid := strings.TrimSpace(string(b))
	// Gone, or a zombie (killed, not yet reaped by whoever inherited it).
	coretest.WaitUntil(t, 10*time.Second, "the child killed with its group", func() bool {
		st, err := os.ReadFile("/proc/" + pid + "/stat")
		return err != nil || strings.Contains(string(st), ") Z ")
	})
}
