package transport

import (
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

func TestNextAcceptDelay(t *testing.T) {
	want := []time.Duration{5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000}
	var d time.Duration
	for i, w := range want {
		d = nextAcceptDelay(d)
		if d != w*time.Millisecond {
			t.Fatalf("delay %d: %v, want %v", i+1, d, w*time.Millisecond)
		}
	}
}

func acceptErr(errno syscall.Errno) error {
	return &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", errno)}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestAcceptRetryable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{acceptErr(syscall.EMFILE), true},
		{acceptErr(syscall.ENFILE), true},
		{acceptErr(syscall.ENOBUFS), true},
		{acceptErr(syscall.ENOMEM), true},
		{acceptErr(syscall.ECONNABORTED), true},
		{acceptErr(syscall.EPROTO), true},
		{&net.OpError{Op: "accept", Err: timeoutErr{}}, true},
		{acceptErr(syscall.EBADF), false},
		{acceptErr(syscall.EINVAL), false},
		{&net.OpError{Op: "accept", Err: net.ErrClosed}, false},
		{errors.New("something else"), false},
	} {
		if got := acceptRetryable(tc.err); got != tc.want {
			t.Errorf("acceptRetryable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// fakeListener hands out what its results say, then waits until closed.
type fakeListener struct {
	mu      sync.Mutex
	results []any // net.Conn or error
	calls   atomic.Int32
	closed  chan struct{}
	once    sync.Once
	forever error // returned once results run out, until closed
}

func newFakeListener(results ...any) *fakeListener {
	return &fakeListener{results: results, closed: make(chan struct{})}
}

func (l *fakeListener) Accept() (net.Conn, error) {
	l.calls.Add(1)
	select {
	case <-l.closed:
		return nil, &net.OpError{Op: "accept", Err: net.ErrClosed}
	default:
	}
	l.mu.Lock()
	if len(l.results) == 0 {
		l.mu.Unlock()
		if l.forever != nil {
			return nil, l.forever
		}
		<-l.closed
		return nil, &net.OpError{Op: "accept", Err: net.ErrClosed}
	}
	r := l.results[0]
	l.results = l.results[1:]
	l.mu.Unlock()
	if err, ok := r.(error); ok {
		return nil, err
	}
	return r.(net.Conn), nil
}

func (l *fakeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *fakeListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080} }

// fakeConn is a connection from addr whose reads return data, whose
// writes succeed and whose Close is counted.
type fakeConn struct {
	net.Conn // nil: only the methods below are used
	addr     net.Addr
	closes   atomic.Int32
}

func remoteConn() *fakeConn {
	return &fakeConn{addr: &net.TCPAddr{IP: net.IPv4(198, 18, 0, 2), Port: 40000}}
}
func localConn() *fakeConn {
	return &fakeConn{addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}}
}

func (c *fakeConn) RemoteAddr() net.Addr        { return c.addr }
func (c *fakeConn) Read(p []byte) (int, error)  { return copy(p, "GET / HTTP/1.1\r\n\r\n"), nil }
func (c *fakeConn) Write(p []byte) (int, error) { return len(p), nil }
func (c *fakeConn) Close() error                { c.closes.Add(1); return nil }
func (c *fakeConn) isClosed() bool              { return c.closes.Load() > 0 }

func TestGuardRetriesAcceptErrors(t *testing.T) {
	logs, log := newLog()
	c := localConn()
	ln := newFakeListener(acceptErr(syscall.EMFILE), acceptErr(syscall.EMFILE), acceptErr(syscall.ENFILE), acceptErr(syscall.ENOBUFS), c, acceptErr(syscall.EBADF))
	g := NewGuard(ln, GuardConfig{MaxConns: -1, Logger: log})
	got, err := g.Accept()
	if err != nil || got != c {
		t.Fatalf("Accept after 4 errors that pass: %v, %v; want the connection", got, err)
	}
	if _, err := g.Accept(); !errors.Is(err, syscall.EBADF) {
		t.Fatalf("Accept: %v, want EBADF returned", err)
	}
	lines := strings.Join(logs.lines(t), "\n")
	for _, want := range []string{
		"INFO - Open file limit ",
		"WARNING - Cannot accept connections, retrying in 5ms err=\"accept tcp: accept4: too many open files\" failures=1",
		"INFO - Accepting connections again after 4 failed attempts",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("log lacks %q:\n%s", want, lines)
		}
	}
	if n := strings.Count(lines, "Cannot accept"); n != 1 {
		t.Errorf("%d warnings for one run of failures, want 1:\n%s", n, lines)
	}
}

func TestGuardCloseEndsRetries(t *testing.T) {
	ln := newFakeListener()
	ln.forever = acceptErr(syscall.EMFILE)
	_, log := newLog()
	g := NewGuard(ln, GuardConfig{Logger: log})
	done := make(chan error, 1)
	go func() {
		_, err := g.Accept()
		done <- err
	}()
	deadline := time.Now().Add(30 * time.Second)
	for ln.calls.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatal("Accept was not retried")
		}
		time.Sleep(time.Millisecond)
	}
	g.Close()
	select {
	case err := <-done:
		if !errors.Is(err, net.ErrClosed) {
			t.Fatalf("Accept after Close: %v, want net.ErrClosed", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Accept kept retrying after Close")
	}
}

// accept admits conns through a guard with the given cap and returns
// what Accept returned for each (nil for a refused one).
func acceptAll(t *testing.T, g *Guard, ln *fakeListener, conns ...*fakeConn) []net.Conn {
	t.Helper()
	out := make([]net.Conn, len(conns))
	for i, c := range conns {
		ln.mu.Lock()
		ln.results = append(ln.results, c, acceptErr(syscall.EBADF))
		ln.mu.Unlock()
		got, err := g.Accept()
		if err == nil {
			out[i] = got
			if _, err := g.Accept(); !errors.Is(err, syscall.EBADF) {
				t.Fatalf("Accept: %v, want the EBADF marker", err)
			}
		} else if !errors.Is(err, syscall.EBADF) {
			t.Fatalf("Accept: %v", err)
		}
	}
	return out
}

func newCapped(t *testing.T, max, local int) (*Guard, *fakeListener, *logBuffer) {
	ln := newFakeListener()
	logs, log := newLog()
	g := NewGuard(ln, GuardConfig{MaxConns: max, LocalConns: local, Logger: log})
	t.Cleanup(func() { g.Close() })
	return g, ln, logs
}

func TestGuardCapClosesOldestIdle(t *testing.T) {
	g, ln, logs := newCapped(t, 4, 1)
	r := []*fakeConn{remoteConn(), remoteConn(), remoteConn(), remoteConn(), remoteConn()}
	got := acceptAll(t, g, ln, r[0], r[1], r[2])
	// r[0] is busy (a request came in), r[1] idle after its answer.
	got[0].Read(make([]byte, 64))
	got[1].Read(make([]byte, 64))
	got[1].Write([]byte("HTTP/1.1 200 OK\r\n\r\n"))
	got[1].Read(make([]byte, 64)) // waits for the next request: idle
	got[1].(*trackedConn).state.Store(connIdle)
	acceptAll(t, g, ln, r[3])
	if r[0].isClosed() || !r[1].isClosed() || r[2].isClosed() {
		t.Fatalf("closed %v %v %v; want only the oldest idle one, the second", r[0].isClosed(), r[1].isClosed(), r[2].isClosed())
	}
	// Closing the displaced connection (as the server will) does not free
	// a second place.
	got[1].Close()
	if locals, remotes, closed, refused := g.set.counts(); locals != 0 || remotes != 3 || closed != 1 || refused != 0 {
		t.Fatalf("counts %d local, %d remote, %d closed, %d refused; want 0, 3, 1, 0", locals, remotes, closed, refused)
	}
	if lines := strings.Join(logs.lines(t), "\n"); !strings.Contains(lines, "WARNING - Connection cap of 4 reached: closed 1 idle connections and refused 0 new ones") {
		t.Errorf("log lacks the cap warning:\n%s", lines)
	}
	got[0].Close()
	if _, remotes, _, _ := g.set.counts(); remotes != 2 {
		t.Fatalf("%d remote connections after a Close, want 2", remotes)
	}
}

func TestGuardCapKeepsLocalShare(t *testing.T) {
	g, ln, _ := newCapped(t, 4, 2)
	r := []*fakeConn{remoteConn(), remoteConn(), remoteConn()}
	got := acceptAll(t, g, ln, r[0], r[1])
	for _, c := range got {
		c.Read(make([]byte, 64)) // busy: none can be displaced
	}
	if got := acceptAll(t, g, ln, r[2]); got[0] != nil || !r[2].isClosed() {
		t.Fatal("a remote client past the remote share was not refused")
	}
	l := []*fakeConn{localConn(), localConn(), localConn()}
	gotL := acceptAll(t, g, ln, l[0], l[1])
	if gotL[0] == nil || gotL[1] == nil {
		t.Fatal("the local share was not kept for local clients")
	}
	// Every place is taken, by busy connections: the next local client is
	// refused too, then takes the place of the first idle one.
	gotL[0].Read(make([]byte, 64))
	gotL[1].Read(make([]byte, 64))
	if acceptAll(t, g, ln, l[2])[0] != nil {
		t.Fatal("a client was admitted past the cap with nothing idle")
	}
	got[1].Write([]byte("HTTP/1.1 200 OK\r\n\r\n"))
	got[1].Read(make([]byte, 0))
	got[1].(*trackedConn).state.Store(connIdle)
	l3 := localConn()
	if acceptAll(t, g, ln, l3)[0] == nil || !r[1].isClosed() || gotL[0] == nil || l[0].isClosed() {
		t.Fatal("a local client at the cap did not take the idle remote connection's place")
	}
	if _, _, closed, refused := g.set.counts(); closed != 1 || refused != 2 {
		t.Fatalf("%d closed, %d refused; want 1, 2", closed, refused)
	}
}

func TestGuardCapLocalOverShareYields(t *testing.T) {
	g, ln, _ := newCapped(t, 3, 1)
	l := []*fakeConn{localConn(), localConn(), localConn()}
	acceptAll(t, g, ln, l...) // local clients take every place, idle
	r := remoteConn()
	if acceptAll(t, g, ln, r)[0] == nil || !l[0].isClosed() || l[1].isClosed() {
		t.Fatal("a remote client within its share did not take the place of the oldest idle local connection")
	}
}

func TestTrackedConnState(t *testing.T) {
	c := &trackedConn{Conn: localConn(), set: newConnSet(1, 0, nil)}
	step := func(what string, op func(), want uint32) {
		t.Helper()
		op()
		if got := c.state.Load(); got != want {
			t.Fatalf("after %s: state %d, want %d", what, got, want)
		}
	}
	buf := make([]byte, 64)
	if c.state.Load() != connIdle {
		t.Fatal("a new connection is not idle")
	}
	step("a request", func() { c.Read(buf) }, connBusy)
	step("more of it", func() { c.Read(buf) }, connBusy)
	step("the answer", func() { c.Write(buf) }, connAnswered)
	step("more of the answer", func() { c.Write(buf) }, connAnswered)
	c.Conn = &silentConn{c.Conn.(*fakeConn)}
	step("waiting for the next request", func() { c.Read(buf) }, connIdle)
}

// silentConn reads nothing: a client that sends no next request.
type silentConn struct{ *fakeConn }

func (silentConn) Read([]byte) (int, error) { return 0, io.EOF }

func TestTrackedConnAllocatesNothing(t *testing.T) {
	c := &trackedConn{Conn: localConn(), set: newConnSet(1, 0, nil)}
	buf := make([]byte, 64)
	if n := testing.AllocsPerRun(1000, func() {
		c.Read(buf)
		c.Write(buf)
	}); n != 0 {
		t.Fatalf("%v allocations per request, want 0", n)
	}
}

// TestGuardAllocationsPerConnection measures what the cap costs a
// connection: the tracked connection itself, once.
func TestGuardAllocationsPerConnection(t *testing.T) {
	ln := &repeatListener{fakeListener: newFakeListener(), c: localConn()}
	_, log := newLog()
	g := NewGuard(ln, GuardConfig{MaxConns: 8, Logger: log})
	n := testing.AllocsPerRun(1000, func() {
		tc, err := g.Accept()
		if err != nil {
			t.Fatal(err)
		}
		tc.Close()
	})
	if n != 1 {
		t.Fatalf("%v allocations per connection, want 1 (the tracked connection)", n)
	}
}

// repeatListener accepts the same connection over and over.
type repeatListener struct {
	*fakeListener
	c net.Conn
}

func (l *repeatListener) Accept() (net.Conn, error) { return l.c, nil }
