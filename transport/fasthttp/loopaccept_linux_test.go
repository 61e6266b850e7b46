//go:build linux

package fasthttp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/transport/transporttest"
)

// loopEMFILEEnv makes TestLoopAcceptEMFILE the child process that runs
// out of descriptors: the limit it lowers is the whole process's.
const loopEMFILEEnv = "HEALTHLITE_LOOP_EMFILE_CHILD"

// TestLoopAcceptEMFILE runs a server whose process has no descriptor left
// when a client connects: accept4 fails with EMFILE, the loop logs that
// it retries, and once descriptors are free again it accepts the client
// and answers it. The server runs in a child process (this test binary
// again), whose file limit the test lowers.
func TestLoopAcceptEMFILE(t *testing.T) {
	if os.Getenv(loopEMFILEEnv) != "" {
		loopAcceptEMFILEChild(t)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot start the child process: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*loopWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-test.run=^TestLoopAcceptEMFILE$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), loopEMFILEEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child process: %v\n%s", err, out)
	}
	for _, want := range []string{"--- PASS: TestLoopAcceptEMFILE", "Cannot accept connections, retrying in", "Accepting connections again after"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the child process did not write %q:\n%s", want, out)
		}
	}
}

// loopAcceptEMFILEChild is the child's test: it fills its descriptor
// table but one slot, which a client's socket then takes, so that the
// server's accept4 finds none.
func loopAcceptEMFILEChild(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	log := &acceptLog{paused: make(chan string, 1), resumed: make(chan string, 1)}
	addr, _ := serveLoop(t, &Server{Health: h, Logger: slog.New(log), MaxConns: -1})
	dialLoop(t, addr).probe(t, h, "/livez")

	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Skipf("cannot read the file limit: %v", err)
	}
	top := 0
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot list the open files: %v", err)
	}
	for _, e := range ents {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > top {
			top = fd
		}
	}
	low := old
	low.Cur = uint64(top + 16)
	if low.Cur >= old.Cur {
		t.Skipf("the file limit %d is already at most %d", old.Cur, low.Cur)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Skipf("cannot lower the file limit: %v", err)
	}
	var fillers []*os.File
	closeFillers := func() {
		for _, f := range fillers {
			f.Close()
		}
		fillers = nil
	}
	t.Cleanup(func() {
		closeFillers()
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	})
	for {
		f, err := os.Open(os.DevNull)
		if errors.Is(err, syscall.EMFILE) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		fillers = append(fillers, f)
		if len(fillers) > 1<<16 {
			t.Fatal("the lowered file limit does not hold")
		}
	}
	// One slot, for the client's socket: the server's accept4 finds none.
	fillers[len(fillers)-1].Close()
	fillers = fillers[:len(fillers)-1]
	c := dialLoop(t, addr)
	c.send(t, "GET /readyz?verbose HTTP/1.1\r\nHost: localhost\r\n\r\n")
	select {
	case <-log.paused:
	case <-time.After(loopWait):
		t.Fatal("the loop logged no accept error")
	}
	closeFillers()
	c.check(t, h, "GET", "/readyz?verbose")
	select {
	case <-log.resumed:
	case <-time.After(loopWait):
		t.Fatal("the loop did not log that it accepts again")
	}
	dialLoop(t, addr).probe(t, h, "/livez")
}

// acceptLog passes on the loop's lines about accept errors.
type acceptLog struct{ paused, resumed chan string }

func (l *acceptLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *acceptLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *acceptLog) WithGroup(string) slog.Handler            { return l }

func (l *acceptLog) Handle(_ context.Context, r slog.Record) error {
	line := r.Level.String() + " " + r.Message
	r.Attrs(func(a slog.Attr) bool { line += " " + a.String(); return true })
	fmt.Fprintln(os.Stderr, line)
	ch := l.resumed
	if strings.HasPrefix(r.Message, "Cannot accept connections, retrying in") {
		ch = l.paused
	} else if !strings.HasPrefix(r.Message, "Accepting connections again after") {
		return nil
	}
	select {
	case ch <- line:
	default:
	}
	return nil
}
