package checks

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os/exec"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/nagios"
)

// Output caps for Exec: a plugin's first line and perfdata fit easily; a
// runaway command cannot fill memory.
const (
	maxStdout = 64 << 10
	maxStderr = 4 << 10
)

// execWaitDelay bounds how long a check waits for output pipes held open by
// children that outlive the command.
const execWaitDelay = 200 * time.Millisecond

// Exec returns a check that runs argv (argv[0] looked up in PATH, no shell)
// with the rules of a Nagios plugin: exit code 0 pass, 1 warn, 2 fail, any
// other unknown; the first line of stdout is the message (the first line of
// stderr when stdout is empty); Value is the first value in its perfdata.
//
// The command runs in its own process group. When the check's context is
// done the whole group is killed, and on Linux every descendant of the
// command as well (those that made a session or group of their own
// included), so a wedged plugin and anything it started go away together,
// and the check reports StatusFail with "timeout after 2s". Children left
// in the group by a command that exited are killed as well; on Linux, in a
// process that called BecomeSubreaper, so is every process the run left
// behind (found by the HEALTHLITE_EXEC_RUN entry added to the command's
// environment), and the message ends with "; leaked N processes" when some
// could not be killed. A command
// that cannot be started (not found, not executable) reports StatusUnknown
// with the reason. Output beyond 64 KiB is discarded.
func Exec(argv []string) core.Checker {
	return ExecWith(argv, ExecOptions{})
}

// ExecOptions are the optional settings of ExecWith; the zero value is Exec.
type ExecOptions struct {
	// Perfdata, when set, is called after each completed run with every
	// perfdata item whose value is a number, in the plugin's order: its label
	// and its value in the plugin's unit (85 for "used=85%"). The binary
	// turns them into gauges. By default perfdata only sets Result.Value.
	Perfdata func(label string, value float64)
}

// ExecWith is Exec with options.
func ExecWith(argv []string, opts ExecOptions) core.Checker {
	return &execCheck{argv: append([]string(nil), argv...), perfdata: opts.Perfdata}
}

type execCheck struct {
	argv     []string
	perfdata func(label string, value float64)
}

func (c *execCheck) Check(ctx context.Context, r *core.Result) {
	if len(c.argv) == 0 {
		r.Status, r.Message = core.StatusUnknown, "healthlite: exec: empty command"
		return
	}
	start := time.Now()
	stdout := &cappedBuffer{max: maxStdout}
	stderr := &cappedBuffer{max: maxStderr}
	cmd := exec.CommandContext(ctx, c.argv[0], c.argv[1:]...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = execWaitDelay
	run := newExecRun(cmd)
	if err := run.start(); err != nil {
		r.Status = core.StatusUnknown
		if ctx.Err() != nil {
			r.Status, r.Message = core.StatusFail, doneMessage(ctx, start)
		} else {
			r.Message = err.Error()
		}
		return
	}
	err := cmd.Wait()
	leaked := run.finish() // stragglers the command left behind
	defer func() {
		if leaked > 0 {
			r.Message += "; leaked " + strconv.Itoa(leaked) + " processes"
		}
	}()
	if ctx.Err() != nil {
		r.Status, r.Message = core.StatusFail, doneMessage(ctx, start)
		return
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.Is(err, exec.ErrWaitDelay) && !errors.As(err, &exitErr) {
		r.Status, r.Message = core.StatusUnknown, err.Error()
		return
	}
	msg, perf := nagios.Parse(stdout.buf)
	if msg == "" {
		line, _, _ := bytes.Cut(stderr.buf, []byte{'\n'})
		msg = string(bytes.TrimSpace(line))
	}
	if msg == "" {
		msg = cmd.ProcessState.String() // "exit status 3", "signal: killed"
	}
	r.Status, r.Message = nagios.StatusOf(cmd.ProcessState.ExitCode()), msg
	for _, p := range perf {
		if math.IsNaN(p.Value) {
			continue
		}
		if !r.HasValue {
			r.Value, r.HasValue = p.Value, true
		}
		if c.perfdata != nil {
			c.perfdata(p.Label, p.Value)
		}
	}
}

// cappedBuffer keeps the first max bytes written to it and discards the
// rest while reporting success, so a chatty command never blocks or fails
// on a full pipe.
type cappedBuffer struct {
	buf []byte
	max int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - len(b.buf); room > 0 {
		b.buf = append(b.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
