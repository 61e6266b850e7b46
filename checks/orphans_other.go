//go:build !linux

package checks

import (
	"errors"
	"os/exec"
)

// BecomeSubreaper makes this process a child subreaper on Linux; see the
// Linux documentation. Here it returns errors.ErrUnsupported: an exec
// check kills its command's process group, and descendants that left the
// group are not tracked.
func BecomeSubreaper() error { return errors.ErrUnsupported }

// execRun is one run of an exec check's command.
type execRun struct{ cmd *exec.Cmd }

func newExecRun(cmd *exec.Cmd) *execRun {
	ownProcessGroup(cmd)
	return &execRun{cmd: cmd}
}

func (r *execRun) start() error { return r.cmd.Start() }

// finish kills what is left of the command's process group; it counts no
// leaked processes.
func (r *execRun) finish() int {
	killProcessGroup(r.cmd.Process)
	return 0
}
