package main

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SIGTERM with a drain delay: /readyz turns 503 at once while /livez and
// /health keep answering 200; after the delay the process exits 0.
func TestDrainOnSIGTERM(t *testing.T) {
	p, base := serveOn(t, nil, "--drain-delay", "30s")
	waitStatus(t, base+"/readyz", 200)
	p.signal(syscall.SIGTERM)
	waitStatus(t, base+"/readyz", 503)
	if p.exited() {
		t.Fatal("exited during the drain delay")
	}
	if code, _ := get(t, base+"/livez"); code != 200 {
		t.Errorf("/livez during drain: %d, want 200", code)
	}
	if !strings.Contains(p.stderr.String(), "Draining for 30s") {
		t.Errorf("no drain log line:\n%s", p.stderr.String())
	}
	// A second signal ends the drain early (a person pressing ^C twice).
	p.signal(syscall.SIGINT)
	if code := p.wait(20 * time.Second); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

// The drain delay runs out on its own.
func TestDrainDelayElapses(t *testing.T) {
	p, base := serveOn(t, nil, "--drain-delay", "300ms")
	waitStatus(t, base+"/readyz", 200)
	p.stop()
	if !strings.Contains(p.stderr.String(), " - INFO - Stopped") {
		t.Errorf("no Stopped line:\n%s", p.stderr.String())
	}
}

// notifyListener is a stand-in for systemd's notification socket.
type notifyListener struct {
	t    *testing.T
	conn *net.UnixConn
	msgs chan string
}

func listenNotify(t *testing.T, name string) *notifyListener {
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: name, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	n := &notifyListener{t: t, conn: conn, msgs: make(chan string, 1024)}
	go func() {
		buf := make([]byte, 4096)
		for {
			k, err := conn.Read(buf)
			if err != nil {
				close(n.msgs)
				return
			}
			n.msgs <- string(buf[:k])
		}
	}()
	t.Cleanup(func() { conn.Close() })
	return n
}

// next returns the next notification, failing after timeout.
func (n *notifyListener) next(timeout time.Duration) string {
	n.t.Helper()
	select {
	case m := <-n.msgs:
		return m
	case <-time.After(timeout):
		n.t.Fatalf("no notification within %v", timeout)
		return ""
	}
}

// waitFor skips notifications until want arrives.
func (n *notifyListener) waitFor(want string, timeout time.Duration) {
	n.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-n.msgs:
			if m == want {
				return
			}
		case <-deadline:
			n.t.Fatalf("no %q notification within %v", want, timeout)
		}
	}
}

// drain discards queued notifications.
func (n *notifyListener) drain() {
	for {
		select {
		case <-n.msgs:
		default:
			return
		}
	}
}

// systemd notifications: READY=1 once serving, WATCHDOG=1 while live passes
// (and not while it fails), STOPPING=1 at shutdown.
func TestSystemdNotify(t *testing.T) {
	dir := t.TempDir()
	for _, sockName := range []string{filepath.Join(dir, "notify.sock"), "@healthlite-test-notify-" + strconv.Itoa(os.Getpid())} {
		t.Run(strings.TrimPrefix(filepath.Base(sockName), "@healthlite-test-"), func(t *testing.T) {
			n := listenNotify(t, sockName)
			sock := filepath.Join(t.TempDir(), "push.sock")
			p, base := serveOn(t, []string{"NOTIFY_SOCKET=" + sockName, "WATCHDOG_USEC=100000"},
				"--push", "unix:"+sock, "--status", "engine,groups=live", "--log-level", "debug")
			if m := n.next(20 * time.Second); m != "READY=1" {
				t.Fatalf("first notification %q, want READY=1", m)
			}
			pc := unixClient(sock)
			post(t, pc, "http://push/status/engine", "pass")
			waitStatus(t, base+"/livez", 200)
			n.waitFor("WATCHDOG=1", 20*time.Second)
			n.waitFor("WATCHDOG=1", 20*time.Second)

			// Liveness fails: the keep-alives stop, so systemd would restart us.
			post(t, pc, "http://push/status/engine", "fail wedged")
			waitStatus(t, base+"/livez", 503)
			const withheld = "Watchdog keep-alive withheld"
			eventually(t, 20*time.Second, "a keep-alive is withheld", func() bool { return strings.Contains(p.stderr.String(), withheld) })
			n.drain()
			before := strings.Count(p.stderr.String(), withheld)
			eventually(t, 20*time.Second, "three more keep-alives are withheld", func() bool {
				return strings.Count(p.stderr.String(), withheld) >= before+3
			})
			// At most one datagram sent before the first withheld tick may
			// still have been on its way when the queue was drained.
			if k := len(n.msgs); k > 1 {
				t.Fatalf("%d notifications while liveness fails", k)
			}
			post(t, pc, "http://push/status/engine", "pass")
			n.waitFor("WATCHDOG=1", 20*time.Second)

			p.signal(syscall.SIGTERM)
			n.waitFor("STOPPING=1", 20*time.Second)
			if code := p.wait(20 * time.Second); code != 0 {
				t.Errorf("exit %d, want 0", code)
			}
		})
	}
}
