package tcptest_test

import (
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// read reads what the server sends until it closes the connection or the
// deadline passes.
func read(c net.Conn, d time.Duration) (string, error) {
	c.SetReadDeadline(time.Now().Add(d))
	b, err := io.ReadAll(c)
	return string(b), err
}

func TestServeClose(t *testing.T) {
	addr := tcptest.Serve(t, tcptest.Close)
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("address %q, want 127.0.0.1:PORT", addr)
	}
	for range 3 { // every connection, not only the first
		c := tcptest.Dial(t, addr)
		defer c.Close()
		if got, err := read(c, 5*time.Second); got != "" || err != nil {
			t.Fatalf("read %q, %v; want the server to close at once", got, err)
		}
	}
}

func TestServeWrite(t *testing.T) {
	addr := tcptest.Serve(t, func(c net.Conn) {
		c.Write([]byte("SSH-2.0-test\r\n"))
		c.Close()
	})
	c := tcptest.Dial(t, addr)
	defer c.Close()
	if got, err := read(c, 5*time.Second); got != "SSH-2.0-test\r\n" || err != nil {
		t.Fatalf("read %q, %v; want the banner, then the close", got, err)
	}
}

// Hold keeps the connection open and silent while the test runs, and the
// cleanup closes it.
func TestServeHoldUntilCleanup(t *testing.T) {
	var c net.Conn
	t.Run("held", func(t *testing.T) {
		c = tcptest.Dial(t, tcptest.Serve(t, tcptest.Hold))
		if _, err := read(c, 100*time.Millisecond); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read: %v; want the deadline to pass on a held connection", err)
		}
	})
	if c == nil {
		t.FailNow()
	}
	defer c.Close()
	if got, err := read(c, 5*time.Second); got != "" || err != nil {
		t.Fatalf("after the subtest: read %q, %v; want its cleanup to have closed the held connection", got, err)
	}
}

func TestFreePorts(t *testing.T) {
	ports := tcptest.FreePorts(t, 3)
	if len(ports) != 3 || ports[0] == ports[1] || ports[1] == ports[2] || ports[0] == ports[2] {
		t.Fatalf("ports %v, want 3 distinct", ports)
	}
	addr := tcptest.FreeAddr(t)
	_, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial %s: %v, want connection refused", addr, err)
	}
	if p := tcptest.FreePort(t); p <= 0 {
		t.Fatalf("port %d", p)
	}
}

// fatalRecorder is a testing.TB whose Fatal records that it was called and
// ends the goroutine, as the real one does.
type fatalRecorder struct {
	testing.TB
	failed bool
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatal(...any) {
	r.failed = true
	runtime.Goexit()
}

func TestDialFailsTheTestWhenRefused(t *testing.T) {
	addr := tcptest.FreeAddr(t)
	r := &fatalRecorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if c := tcptest.Dial(r, addr); c != nil {
			c.Close()
		}
	}()
	<-done
	if !r.failed {
		t.Errorf("Dial to %s, where nothing listens, did not fail the test", addr)
	}
}

func TestDialIdleHoldsThemUntilTheTestEnds(t *testing.T) {
	addr := tcptest.Serve(t, tcptest.Hold)
	var conns []net.Conn
	t.Run("uses", func(t *testing.T) {
		conns = tcptest.DialIdle(t, addr, 20)
		if len(conns) != 20 {
			t.Fatalf("%d connections, want 20", len(conns))
		}
	})
	for i, c := range conns {
		if _, err := c.Write([]byte("x")); err == nil {
			t.Errorf("connection %d still open after the test that dialed it", i)
		}
	}
}
