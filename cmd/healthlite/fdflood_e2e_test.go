//go:build linux

package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/connflood"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// floodLimit is the open file limit the flood tests give healthlite: at
// it, with one check, the default cap is 184 connections, 23 of them kept
// for loopback clients, and 72 descriptors are left for the rest.
const floodLimit = 256

// floodCheck is the flood tests' check options: a run that fails for want
// of a descriptor fails the check at the second, and one slow run on a
// loaded machine does not (timeout < interval, as a spec may have to be).
const floodCheck = ",interval=250ms,timeout=200ms,fall=2"

// startLimited runs healthlite serve under an open file limit of nofile
// (soft and hard, so that Go cannot raise it) on a free port, and returns
// the process and its port.
func startLimited(t *testing.T, nofile int, args ...string) (*proc, int) {
	t.Helper()
	portFile := filepath.Join(t.TempDir(), "port")
	args = append([]string{"serve", "--ports", "0", "--port-file", portFile}, args...)
	cmd := exec.Command("/bin/sh", append([]string{"-c", `ulimit -n ` + strconv.Itoa(nofile) + ` && exec "$0" "$@"`, binary(t)}, args...)...)
	cmd.Env = baseEnv()
	p := startCmd(t, cmd)
	return p, p.waitPort(portFile)
}

// floodTarget is healthlite serve as the flood tests run it: under
// floodLimit, with a tcp check of a listener that counts the check's runs,
// and a health file.
type floodTarget struct {
	p          *proc
	port       int
	base       string // http://127.0.0.1:PORT
	healthFile string
	runs       *atomic.Int64 // connections the tcp check has made
}

// startFloodTarget starts a floodTarget with transport tr and waits until
// its /readyz answers 200.
func startFloodTarget(t *testing.T, tr string) *floodTarget {
	t.Helper()
	ft := &floodTarget{healthFile: filepath.Join(t.TempDir(), "healthy"), runs: new(atomic.Int64)}
	checkAddr := tcptest.Serve(t, func(c net.Conn) { ft.runs.Add(1); c.Close() })
	ft.p, ft.port = startLimited(t, floodLimit, "--transport", tr, "--health-file", ft.healthFile,
		"--check", "db=tcp:"+checkAddr+floodCheck)
	ft.base = "http://127.0.0.1:" + strconv.Itoa(ft.port)
	waitStatus(t, ft.base+"/readyz", 200)
	return ft
}

// holdsUp checks, while the check runs ten more times, that healthlite
// is alive, /readyz answers 200 to a new loopback connection, /health
// shows the check passing and the health file never goes away (watched
// every few milliseconds: a failed check removes it for a moment).
func (ft *floodTarget) holdsUp(t *testing.T) {
	t.Helper()
	stop, gone := make(chan struct{}), make(chan error, 1)
	go func() {
		for {
			select {
			case <-stop:
				gone <- nil
				return
			default:
			}
			if _, err := os.Stat(ft.healthFile); err != nil {
				gone <- err
				return
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	target := ft.runs.Load() + 10
	deadline := time.Now().Add(60 * time.Second)
	for polls := 0; ft.runs.Load() < target || polls < 10; polls++ {
		if ft.p.exited() {
			t.Fatalf("healthlite exited with %d during the flood", ft.p.code)
		}
		if code, body := get(t, ft.base+"/readyz"); code != 200 {
			t.Fatalf("/readyz from loopback during the flood: %d %q, want 200", code, body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the check ran %d times in 60s during the flood, want 10", ft.runs.Load()-target+10)
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	if err := <-gone; err != nil {
		t.Fatalf("the health file went away during the flood: %v", err)
	}
	if code, doc := health(t, ft.base); code != 200 || doc.Checks["db"] != "pass" {
		t.Fatalf("/health after the flood: %d %+v", code, doc)
	}
}

// A client opens more connections than healthlite has descriptors, from
// 127.0.0.1, and keeps opening them: idle ones and kept-alive ones after a
// request. Without the cap fasthttp stopped at "too many open files",
// stdlib retried, and either way every check failed; with it the oldest
// idle connections make room, and the descriptors kept out of the cap let
// the checks and the health file carry on.
func TestServeConnectionFloodPastFileLimit(t *testing.T) {
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			ft := startFloodTarget(t, tr)
			if !strings.Contains(ft.p.stderr.String(), "Open file limit 256: serving at most 184 connections, 23 of them kept for loopback clients") {
				t.Errorf("the cap is not logged at start:\n%s", ft.p.stderr.String())
			}
			flood := connflood.Start("127.0.0.1:"+strconv.Itoa(ft.port), floodLimit+100, connflood.Mixed, time.Millisecond)
			defer flood.Stop()
			eventually(t, 60*time.Second, "the flood opened more connections than the file limit", func() bool { return flood.Opened() > floodLimit })
			ft.holdsUp(t)
			if log := ft.p.stderr.String(); !strings.Contains(log, "WARNING - Connection cap of 184 reached") || strings.Contains(log, "too many open files") {
				t.Errorf("the log does not show the cap at work, or shows descriptors running out:\n%s", log)
			}
			flood.Stop()
			ft.p.stop()
		})
	}
}
