//go:build unix

package exectest

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
)

// Group is a program a test runs in a process group of its own — a
// server, or a script that starts one — so that everything it starts ends
// with the test. Its standard output and error are collected in Output.
type Group struct {
	// Cmd is the command, started.
	Cmd *exec.Cmd
	// Output is what it wrote to its standard output and error.
	Output *Buffer

	exited chan struct{}
	err    error // cmd.Wait's, once exited is closed
}

// StartGroup starts cmd in a process group of its own with its output
// collected in Output. When the test ends, the whole group is killed and,
// if the test failed, the command line and its output are logged. A
// command that cannot be started fails the test.
func StartGroup(tb testing.TB, cmd *exec.Cmd) *Group {
	tb.Helper()
	g := &Group{Cmd: cmd, Output: &Buffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = g.Output, g.Output
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Output is copied from a pipe: a process that left the group could
	// hold it open, and Wait (and so the test's end) with it.
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { g.err = cmd.Wait(); close(g.exited) }()
	tb.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-g.exited
		if tb.Failed() {
			tb.Logf("%s\n%s", strings.Join(cmd.Args, " "), g.Output)
		}
	})
	return g
}

// WaitPortFile waits, for a minute at most, until the file at path holds a
// port number (as serve --port-file writes it) and returns the port. A
// program that exits first fails the test, with its output.
func (g *Group) WaitPortFile(tb testing.TB, path string) int {
	tb.Helper()
	port := 0
	coretest.WaitUntil(tb, time.Minute, "the port file "+path, func() bool {
		select {
		case <-g.exited:
			tb.Fatalf("%s exited (%v) before writing its port file:\n%s", g.Cmd.Args[0], g.err, g.Output)
		default:
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return false
		}
		port, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil && port > 0
	})
	return port
}

// Stop sends SIGTERM to the program (not to the rest of its group) and
// waits, for a minute at most, until it exits; it returns how it did
// (exec.Cmd.Wait's error). A program still running after a minute fails
// the test.
func (g *Group) Stop(tb testing.TB) error {
	tb.Helper()
	g.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-g.exited:
		return g.err
	case <-time.After(time.Minute):
		tb.Fatalf("%s still running a minute after SIGTERM", g.Cmd.Args[0])
		return nil
	}
}
