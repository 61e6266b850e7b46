package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// --single-instance: a second copy of the same service exits 2 with one
// line naming the holder's pid and command line; the kernel releases the
// lock when the holder is killed with SIGKILL; with =ready a second copy
// runs but is not ready while another instance holds the lock, and takes
// the lock once it is free.
func TestSingleInstance(t *testing.T) {
	env := []string{"XDG_RUNTIME_DIR=" + t.TempDir()}
	first, _ := serveOn(t, env, "--service", "bot", "--single-instance")

	code, _, stderr := runBinary(t, env, "serve", "--ports", "0", "--service", "bot", "--single-instance")
	pid := strconv.Itoa(first.cmd.Process.Pid)
	if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "(pid "+pid+": ") ||
		!strings.Contains(stderr, "serve --ports 0") || !strings.Contains(stderr, `service "bot"`) {
		t.Errorf("second copy: exit %d, stderr %q; want 2 and one line naming pid %s and its command line", code, stderr, pid)
	}
	if code, _, stderr := runBinary(t, env, "serve", "--ports", "0", "--service", "other", "--single-instance", "--help"); code != 0 {
		t.Errorf("help: %d %q", code, stderr)
	}

	first.signal(syscall.SIGKILL)
	first.wait(20 * time.Second)
	second, _ := serveOn(t, env, "--service", "bot", "--single-instance")
	secondPID := strconv.Itoa(second.cmd.Process.Pid)

	_, base := serveOn(t, env, "--service", "bot", "--single-instance=ready")
	waitStatus(t, base+"/readyz", 503)
	// 503 comes before the check's first run too ("waiting for the first
	// run"): wait for the run, then read its reason.
	eventually(t, 20*time.Second, "the single-instance check has run", func() bool {
		_, body := get(t, base+"/readyz?verbose")
		return !strings.Contains(body, "waiting for the first run")
	})
	want := ": another instance (pid " + secondPID + ") is running" // after "[-]single-instance failed since 03:02:11Z"
	if _, body := get(t, base+"/readyz?verbose"); !strings.Contains(body, "[-]single-instance failed since ") || !strings.Contains(body, want) {
		t.Errorf("/readyz?verbose = %q; want a line %q", body, want)
	}
	if code, _ := get(t, base+"/livez"); code != 200 {
		t.Errorf("/livez = %d while another instance runs; want 200 (only readiness fails)", code)
	}
	second.signal(syscall.SIGKILL)
	second.wait(20 * time.Second)
	waitStatus(t, base+"/readyz", 200)
}

// A copy started without the lock is seen by the duplicate probe: with
// --single-instance=ready, an instance whose --ports list reaches a port
// held by the same service is not ready.
func TestSingleInstanceSeesDuplicateProbe(t *testing.T) {
	env := []string{"XDG_RUNTIME_DIR=" + t.TempDir()}
	port := strconv.Itoa(tcptest.FreePort(t))
	dir := t.TempDir()
	first := start(t, env, "serve", "--ports", port, "--port-file", filepath.Join(dir, "first"), "--service", "bot")
	first.waitPort(filepath.Join(dir, "first"))
	second := start(t, env, "serve", "--ports", port+",0", "--port-file", filepath.Join(dir, "second"), "--service", "bot", "--single-instance=ready")
	base := "http://127.0.0.1:" + strconv.Itoa(second.waitPort(filepath.Join(dir, "second")))
	waitStatus(t, base+"/readyz", 503)
	want := ": another instance (pid " + strconv.Itoa(first.cmd.Process.Pid) + ") is running" // after "[-]single-instance failed since 03:02:11Z"
	eventually(t, 20*time.Second, "the duplicate to be named", func() bool {
		_, body := get(t, base+"/readyz?verbose")
		return strings.Contains(body, "[-]single-instance failed since ") && strings.Contains(body, want)
	})
	first.signal(syscall.SIGKILL)
	first.wait(20 * time.Second)
	waitStatus(t, base+"/readyz", 200)
}
