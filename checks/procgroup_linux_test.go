//go:build linux

package checks

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
)

// These tests read /proc to see that the children of a killed command are
// gone; the kill itself works on every Unix.

// childScript starts a child that would sleep for long, records its pid in
// $1 (atomically, by rename) and then waits, or exits at once with "exit".
const childScript = `sleep 1000 & echo $! > "$1.tmp" && mv "$1.tmp" "$1"; `

func TestExecKillsProcessGroupOnTimeout(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan core.Result, 1)
	go func() {
		var r core.Result
		Exec([]string{"sh", "-c", childScript + "wait", "sh", pidFile}).Check(ctx, &r)
		done <- r
	}()
	pid := waitForPIDFile(t, pidFile)
	// The pid is written as soon as the shell forks: the child may not
	// have become sleep yet.
	coretest.WaitUntil(t, 10*time.Second, "child "+strconv.Itoa(pid)+" running sleep before the cancel", func() bool { return alive(pid) })
	cancel()
	select {
	case r := <-done:
		if r.Status != core.StatusFail || r.Message != "canceled" {
			t.Errorf("got %v %q, want fail %q", r.Status, r.Message, "canceled")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Exec did not return after its context was canceled")
	}
	waitGone(t, pid)
}

func TestExecTimeoutMessage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var r core.Result
	Exec([]string{"sleep", "1000"}).Check(ctx, &r)
	if r.Status != core.StatusFail || !strings.HasPrefix(r.Message, "timeout after ") {
		t.Errorf("got %v %q, want fail \"timeout after …\"", r.Status, r.Message)
	}
}

func TestExecKillsLeftoverChildren(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	r := run(t, Exec([]string{"sh", "-c", childScript + "echo 'OK - started a straggler'", "sh", pidFile}))
	if r.Status != core.StatusPass || r.Message != "OK - started a straggler" {
		t.Errorf("got %v %q, want pass", r.Status, r.Message)
	}
	waitGone(t, waitForPIDFile(t, pidFile))
}

// waitForPIDFile polls (bounded) until path holds a pid and returns it.
func waitForPIDFile(t *testing.T, path string) int {
	t.Helper()
	for range 3000 {
		if b, err := os.ReadFile(path); err == nil {
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatalf("pid file %s: %v", path, err)
			}
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no pid file %s after 30s", path)
	return 0
}

// alive reports whether pid is a running (not zombie) sleep process.
func alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// "pid (comm) state ..."
	open, closing := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
	if open < 0 || closing < 0 || closing+2 >= len(stat) {
		return false
	}
	return string(stat[open+1:closing]) == "sleep" && stat[closing+2] != 'Z' && stat[closing+2] != 'X'
}

// waitGone polls (bounded) until pid is no longer a live sleep process.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	for range 3000 {
		if !alive(pid) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("child %d still running 30s after the check ended: process group not killed", pid)
}
