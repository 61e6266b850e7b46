package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

// placement says where a process of the benchmark runs: on which CPUs
// (taskset) and at which niceness.
type placement struct {
	CPU string // taskset CPU list; "" leaves the process unpinned
	// Nice is the niceness of the process. Linux shares CPU time between
	// sessions ("autogroups") before it looks at a process's own nice value,
	// so a process at nice N is started in a session of its own whose
	// autogroup gets nice N too. 0 leaves the priority alone; < 0 raises it
	// over the rest of the machine (root only).
	Nice int
}

// wrap prefixes argv with the nice and taskset commands the placement needs.
// Both exec the command, so the process id stays the command's.
func (p placement) wrap(argv []string) []string {
	if p.CPU != "" {
		argv = append([]string{"taskset", "-c", p.CPU}, argv...)
	}
	if p.Nice != 0 {
		argv = append([]string{"nice", "-n", strconv.Itoa(p.Nice)}, argv...)
	}
	return argv
}

// command returns the command for argv placed as p; call started with its
// pid once it runs.
func (p placement) command(ctx context.Context, argv []string) *exec.Cmd {
	argv = p.wrap(argv)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	if p.Nice != 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	return cmd
}

// started gives the session of a process started by command its niceness.
// A kernel without autogroups (no /proc/PID/autogroup) needs nothing more.
func (p placement) started(pid int) error {
	if p.Nice == 0 {
		return nil
	}
	err := os.WriteFile("/proc/"+strconv.Itoa(pid)+"/autogroup", []byte(strconv.Itoa(p.Nice)), 0)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("set the autogroup nice of pid %d to %d: %w", pid, p.Nice, err)
	}
	return nil
}

// run runs a command placed as p and returns its combined output.
func (p placement) run(ctx context.Context, dir string, env []string, argv []string) ([]byte, error) {
	cmd := p.command(ctx, argv)
	cmd.Dir = dir
	cmd.Env = env
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	if err := p.started(cmd.Process.Pid); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, err
	}
	err := cmd.Wait()
	return out.bytes(), err
}
