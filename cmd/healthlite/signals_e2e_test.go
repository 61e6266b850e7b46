package main

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// leftBehind fails the test for each path that still exists.
func leftBehind(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s left behind (%v)", p, err)
		}
	}
}

// TestClosedLogPipe: "healthlite serve 2>&1 | head -1" — the log's reader
// goes away after one line. Later lines are dropped and counted; the
// process keeps serving and still cleans up on SIGTERM (it used to die of
// SIGPIPE at the next line, leaving a "healthy" health file behind).
func TestClosedLogPipe(t *testing.T) {
	dir := t.TempDir()
	hf, sock, portFile := filepath.Join(dir, "bot_healthy"), filepath.Join(dir, "push.sock"), filepath.Join(dir, "port")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary(t), "serve", "--ports", "0", "--port-file", portFile, "--health-file", hf,
		"--push", "unix:"+sock, "--status", "bot")
	cmd.Env = baseEnv()
	cmd.Stdout, cmd.Stderr = w, w
	p := startCmd(t, cmd)
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n') // head -1
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first line: %s", strings.TrimSpace(line))
	r.Close()

	base := "http://127.0.0.1:" + strconv.Itoa(p.waitPort(portFile))
	pc := unixClient(sock)
	exists := func() bool { _, err := os.Stat(hf); return err == nil }
	// Each change logs a line ("Health file … written/removed") that cannot be written.
	post(t, pc, "http://push/status/bot", "pass")
	eventually(t, 20*time.Second, "the health file appears", exists)
	post(t, pc, "http://push/status/bot", "fail down")
	eventually(t, 20*time.Second, "the health file disappears", func() bool { return !exists() })
	post(t, pc, "http://push/status/bot", "pass")
	eventually(t, 20*time.Second, "the health file appears again", exists)
	eventually(t, 20*time.Second, "dropped lines are counted on /metrics", func() bool {
		_, body := get(t, base+"/metrics?format=prometheus")
		for _, l := range strings.Split(body, "\n") {
			if v, ok := strings.CutPrefix(l, droppedLinesMetric+" "); ok {
				n, _ := strconv.Atoi(v)
				return n >= 2
			}
		}
		return false
	})

	p.stop()
	leftBehind(t, hf, sock, portFile)
}

// TestSIGHUPStops: closing the terminal stops serve as SIGTERM does, with
// the same clean-up; under nohup (SIGHUP ignored at start) it is ignored.
func TestSIGHUPStops(t *testing.T) {
	b := serveBot(t, t.TempDir())
	portFile := b.cmd.Args[5] // serveOn's "serve --ports 0 --port-file PATH"
	b.setBot(t, "pass")
	eventually(t, 20*time.Second, "the health file appears", func() bool { _, err := os.Stat(b.healthFile); return err == nil })
	b.signal(syscall.SIGHUP)
	if code := b.wait(20 * time.Second); code != 0 {
		t.Fatalf("exit %d after SIGHUP, want 0", code)
	}
	if !strings.Contains(b.stderr.String(), "Received hangup, shutting down") {
		t.Errorf("no shutdown line:\n%s", b.stderr.String())
	}
	leftBehind(t, b.healthFile, b.sock, portFile)

}

// TestSIGHUPIgnoredUnderNohup: started with SIGHUP ignored (nohup, or a
// shell's trap "" HUP), serve keeps ignoring it. The kernel discards an
// ignored signal when it is sent, so the SIGTERM sent after it is the one
// that stops the process.
func TestSIGHUPIgnoredUnderNohup(t *testing.T) {
	portFile := filepath.Join(t.TempDir(), "port")
	cmd := exec.Command("sh", "-c", `trap "" HUP; exec "$0" "$@"`, binary(t), "serve", "--ports", "0", "--port-file", portFile)
	cmd.Env = baseEnv()
	p := startCmd(t, cmd)
	p.waitPort(portFile)
	p.signal(syscall.SIGHUP)
	p.signal(syscall.SIGTERM)
	code := p.wait(20 * time.Second)
	if out := p.stderr.String(); code != 0 || !strings.Contains(out, "Received terminated, shutting down") || strings.Contains(out, "hangup") {
		t.Fatalf("exit %d; stderr:\n%s", code, out)
	}
}

// TestSIGTERMDuringPortProbing: with 20 busy ports whose holders never
// answer the duplicate question (each costs up to 500 ms), SIGTERM stops the
// start-up at the port being probed: the process exits having asked far
// fewer than the 20 ports (it used to ask every one, 10 s, then start).
func TestSIGTERMDuringPortProbing(t *testing.T) {
	var probes atomic.Int64
	var ports []string
	for range 20 {
		_, port, _ := net.SplitHostPort(tcptest.Serve(t, func(net.Conn) { probes.Add(1) })) // accepts, never answers
		ports = append(ports, port)
	}
	portFile := filepath.Join(t.TempDir(), "port")
	p := start(t, nil, "serve", "--addr", "127.0.0.1", "--ports", strings.Join(ports, ","), "--port-file", portFile)
	eventually(t, 20*time.Second, "the first duplicate probe arrives", func() bool { return probes.Load() > 0 })
	p.stop()
	if n := probes.Load(); n >= 10 {
		t.Errorf("%d of 20 busy ports probed after SIGTERM came at the first; the signal did not stop the probing", n)
	}
	if !strings.Contains(p.stderr.String(), "Received terminated during start-up, stopping") {
		t.Errorf("no start-up stop line:\n%s", p.stderr.String())
	}
	leftBehind(t, portFile)
	t.Logf("%d of 20 busy ports probed", probes.Load())
}
