package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// Two copies given the same TCP push address both start: the second falls
// back to the next port of the list with the health server's log lines, and
// each writes its own push port file, removed on exit.
func TestPushPortFallback(t *testing.T) {
	first := tcptest.FreePort(t)
	addr := "localhost:" + strconv.Itoa(first) + ",0"
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "push1"), filepath.Join(dir, "push2")}
	var procs []*proc
	var ports []string
	for _, f := range files {
		p, _ := serveOn(t, nil, "--push", addr, "--push-port-file", f, "--flag", "bot_ready")
		procs = append(procs, p)
		ports = append(ports, p.waitFile(f, "push port file"))
	}
	if ports[0] != strconv.Itoa(first) || ports[1] == ports[0] {
		t.Fatalf("push ports %q; want %d, then another", ports, first)
	}
	// The port file can be read before the log line that follows it is
	// copied from the process's stderr.
	eventually(t, 20*time.Second, "the second copy's fallback log lines", func() bool {
		log := procs[1].stderr.String()
		return strings.Contains(log, "Port "+strconv.Itoa(first)+" is already in use, trying next port...") &&
			strings.Contains(log, "Push API started on port "+ports[1])
	})
	for _, port := range ports {
		if code, body := post(t, client, "http://127.0.0.1:"+port+"/flags/bot_ready", "true"); code != 200 {
			t.Errorf("POST to push port %s: %d %q", port, code, body)
		}
	}
	for i, p := range procs {
		p.stop()
		if _, err := os.Stat(files[i]); !os.IsNotExist(err) {
			t.Errorf("push port file %s left behind: %v", files[i], err)
		}
	}
}

// A unix pattern gives each copy the next free socket; a fixed path in use
// by a live copy is refused with one line naming that copy's pid.
func TestPushUnixPattern(t *testing.T) {
	dir := t.TempDir()
	pattern := "unix:" + filepath.Join(dir, "push-%d.sock")
	var paths []string
	var procs []*proc
	for i := range 2 {
		f := filepath.Join(dir, "where"+strconv.Itoa(i))
		p, _ := serveOn(t, nil, "--push", pattern, "--push-port-file", f, "--flag", "bot_ready")
		procs = append(procs, p)
		paths = append(paths, p.waitFile(f, "push port file"))
	}
	want := []string{"unix:" + filepath.Join(dir, "push-1.sock"), "unix:" + filepath.Join(dir, "push-2.sock")}
	if paths[0] != want[0] || paths[1] != want[1] {
		t.Fatalf("push sockets %q; want %q", paths, want)
	}
	if code, body := post(t, unixClient(strings.TrimPrefix(paths[1], "unix:")), "http://push/flags/bot_ready", "true"); code != 200 {
		t.Errorf("POST over the second socket: %d %q", code, body)
	}

	code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--push", paths[0])
	pid := strconv.Itoa(procs[0].cmd.Process.Pid)
	if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "(pid "+pid+": ") || !strings.Contains(stderr, "is in use by") {
		t.Errorf("third copy on %s: exit %d, stderr %q; want 2 and one line naming pid %s", paths[0], code, stderr, pid)
	}
}
