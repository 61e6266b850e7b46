package exectest_test

import (
	"bufio"
	"errors"
	"io"
	"os/exec"
	"testing"

	"github.com/healthlite/healthlite/internal/exectest"
)

func TestChildTalksThroughItsInputAndOutput(t *testing.T) {
	c := exectest.StartChild(t, exec.Command("sh", "-c", `echo ready; read line; echo "got $line"; cat >/dev/null; exit 3`))
	out := bufio.NewReader(c.Out)
	if line, err := out.ReadString('\n'); line != "ready\n" {
		t.Fatalf("first line %q, %v; want ready", line, err)
	}
	io.WriteString(c.In, "x\n")
	if line, err := out.ReadString('\n'); line != "got x\n" {
		t.Fatalf("answer %q, %v; want got x", line, err)
	}
	// The child reads until its input ends: Wait closes it.
	var exit *exec.ExitError
	if err := c.Wait(); !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Errorf("Wait = %v, want exit status 3", err)
	}
	if err := c.Wait(); !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Errorf("a second Wait = %v, want the same exit status 3", err)
	}
}

func TestChildEndsWithTheTest(t *testing.T) {
	cmd := exec.Command("cat") // runs until its input closes
	t.Run("uses", func(t *testing.T) {
		exectest.StartChild(t, cmd)
	})
	if cmd.ProcessState == nil || !cmd.ProcessState.Success() {
		t.Errorf("after the test that started it, the child's state is %v; want it exited 0 (its input closed)", cmd.ProcessState)
	}
}
