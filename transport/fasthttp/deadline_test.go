package fasthttp

import (
	"errors"
	"net"
	"os"
	"testing"
	"time"
)

// countingConn counts the deadlines set on it.
type countingConn struct {
	net.Conn
	reads, writes int
}

func (c *countingConn) SetReadDeadline(t time.Time) error {
	c.reads++
	return c.Conn.SetReadDeadline(t)
}

func (c *countingConn) SetWriteDeadline(t time.Time) error {
	c.writes++
	return c.Conn.SetWriteDeadline(t)
}

func pipe(t *testing.T) (*deadlineConn, *countingConn, net.Conn) {
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	cc := &countingConn{Conn: a}
	return newDeadlineConn(cc, timeouts{}), cc, b
}

func TestDeadlinesMovedLaterAreNotSetPerRequest(t *testing.T) {
	c, cc, _ := pipe(t)
	for range 1000 { // fasthttp's deadlines for a kept-alive request
		now := time.Now()
		c.SetReadDeadline(now.Add(60 * time.Second)) // idle
		c.SetReadDeadline(now.Add(2 * time.Second))  // reading the request
		c.SetWriteDeadline(now.Add(5 * time.Second)) // writing the answer
	}
	if cc.reads > 2 || cc.writes > 1 {
		t.Errorf("1000 requests set %d read and %d write deadlines on the connection, want at most 2 and 1", cc.reads, cc.writes)
	}
}

func TestReadWaitsForDeadlineMovedLater(t *testing.T) {
	c, _, peer := pipe(t)
	c.SetReadDeadline(time.Now().Add(-time.Second)) // passed: set at once
	c.SetReadDeadline(time.Now().Add(time.Hour))    // later: deferred
	go peer.Write([]byte("x"))
	buf := make([]byte, 1)
	if n, err := c.Read(buf); n != 1 || err != nil {
		t.Fatalf("Read = %d, %v; want the byte sent, under the later deadline", n, err)
	}
}

func TestWriteWaitsForDeadlineMovedLater(t *testing.T) {
	c, _, peer := pipe(t)
	c.SetWriteDeadline(time.Now().Add(-time.Second))
	c.SetWriteDeadline(time.Time{}) // none: the latest of all
	go func() {
		buf := make([]byte, 4)
		peer.Read(buf)
	}()
	if n, err := c.Write([]byte("ping")); n != 4 || err != nil {
		t.Fatalf("Write = %d, %v; want 4 bytes written with no deadline", n, err)
	}
}

func TestDeadlineMovedEarlierStopsPendingRead(t *testing.T) {
	c, _, _ := pipe(t)
	c.SetDeadline(time.Now().Add(time.Hour))
	done := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 1))
		done <- err
	}()
	c.SetReadDeadline(time.Now().Add(-time.Second))
	if err := <-done; !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("pending Read returned %v after its deadline passed, want a timeout", err)
	}
}

func TestReadTimesOutAtNewestDeadline(t *testing.T) {
	c, _, _ := pipe(t)
	c.SetReadDeadline(time.Now().Add(-2 * time.Second))
	c.SetReadDeadline(time.Now().Add(-time.Second)) // later, but passed too
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("Read returned %v, want a timeout", err)
	}
}

// roundTrip is one kept-alive request and its answer on c, as fasthttp
// makes them: a read that returns the request, the handler, a write.
func roundTrip(t *testing.T, c *deadlineConn, peer net.Conn) {
	t.Helper()
	go peer.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
	buf := make([]byte, 64)
	if _, err := c.Read(buf); err != nil {
		t.Fatalf("reading the request: %v", err)
	}
	c.serving()
	done := make(chan struct{})
	go func() { peer.Read(buf); close(done) }()
	if _, err := c.Write([]byte("HTTP/1.1 200 OK\r\n\r\n")); err != nil {
		t.Fatalf("writing the answer: %v", err)
	}
	<-done
}

func TestTimeoutsEnforcedWithoutDeadlinesPerRequest(t *testing.T) {
	a, peer := net.Pipe()
	t.Cleanup(func() { a.Close(); peer.Close() })
	cc := &countingConn{Conn: a}
	c := newDeadlineConn(cc, timeouts{read: time.Minute, write: time.Minute, idle: time.Hour})
	for range 1000 {
		roundTrip(t, c, peer)
	}
	if cc.reads > 1 || cc.writes > 1 {
		t.Errorf("1000 requests set %d read and %d write deadlines on the connection, want at most 1 and 1", cc.reads, cc.writes)
	}
}

func TestIdleTimeoutEnforced(t *testing.T) {
	a, peer := net.Pipe()
	t.Cleanup(func() { a.Close(); peer.Close() })
	c := newDeadlineConn(a, timeouts{read: time.Hour, write: time.Hour, idle: 10 * time.Millisecond})
	roundTrip(t, c, peer)
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("waiting for a next request that never comes: %v, want a timeout", err)
	}
}

func TestReadTimeoutEnforcedOnRequestInPieces(t *testing.T) {
	a, peer := net.Pipe()
	t.Cleanup(func() { a.Close(); peer.Close() })
	c := newDeadlineConn(a, timeouts{read: 10 * time.Millisecond, write: time.Hour, idle: time.Hour})
	roundTrip(t, c, peer)
	go peer.Write([]byte("GET / HT")) // the next request's first piece
	if _, err := c.Read(make([]byte, 64)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(make([]byte, 64)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("waiting for the rest of a request that never comes: %v, want a timeout", err)
	}
}

func TestWriteTimeoutEnforced(t *testing.T) {
	a, peer := net.Pipe()
	t.Cleanup(func() { a.Close(); peer.Close() })
	c := newDeadlineConn(a, timeouts{read: time.Hour, write: 10 * time.Millisecond, idle: time.Hour})
	roundTrip(t, c, peer)
	go peer.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
	if _, err := c.Read(make([]byte, 64)); err != nil {
		t.Fatal(err)
	}
	c.serving()
	// The peer reads no more: the answer cannot be written.
	if _, err := c.Write([]byte("HTTP/1.1 200 OK\r\n\r\n")); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("writing to a client that does not read: %v, want a timeout", err)
	}
}

// TestExplicitDeadlinesEndEnforcing: once a deadline is set on the
// connection, it alone decides (the idle timeout would have passed).
func TestExplicitDeadlinesEndEnforcing(t *testing.T) {
	a, peer := net.Pipe()
	t.Cleanup(func() { a.Close(); peer.Close() })
	c := newDeadlineConn(a, timeouts{read: time.Hour, write: time.Hour, idle: time.Nanosecond})
	roundTrip(t, c, peer)
	c.SetReadDeadline(time.Time{})
	go func() { time.Sleep(10 * time.Millisecond); peer.Write([]byte("x")) }()
	if n, err := c.Read(make([]byte, 1)); n != 1 || err != nil {
		t.Fatalf("Read = %d, %v; want the byte, with no deadline", n, err)
	}
}

// TestServerGivesFasthttpNoTimeouts: the Server's timeouts are enforced by
// its connections, not by fasthttp (which reads the clock and sets three
// deadlines per request when it has them).
func TestServerGivesFasthttpNoTimeouts(t *testing.T) {
	s := &Server{ReadTimeout: time.Second, WriteTimeout: time.Second, IdleTimeout: time.Second}
	if f := s.server(); f.ReadTimeout != 0 || f.WriteTimeout != 0 || f.IdleTimeout != 0 {
		t.Errorf("fasthttp timeouts %v, %v, %v; want none", f.ReadTimeout, f.WriteTimeout, f.IdleTimeout)
	}
	if got, want := s.timeouts(), (timeouts{read: time.Second, write: time.Second, idle: time.Second}); got != want {
		t.Errorf("timeouts %+v, want %+v", got, want)
	}
}
