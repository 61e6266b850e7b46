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
	return &deadlineConn{Conn: cc}, cc, b
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
