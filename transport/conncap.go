package transport

import (
	"net"
	"sync/atomic"

	"github.com/healthlite/healthlite/transport/internal/conncap"
)

// The states of a tracked connection, as its reads and writes show them.
// A connection is idle from the moment it is accepted, and again once an
// answer was written and the server waits for the next request; it is
// busy from the first bytes of a request until the answer is written.
const (
	connIdle     uint32 = iota // waiting for a request
	connBusy                   // a request came in, not yet answered
	connAnswered               // answered; idle at the next read
)

// trackedConn is an accepted connection counted against the cap. Its Read
// and Write keep its state with an atomic load and at most one store each,
// allocating nothing; its Close gives its place back.
type trackedConn struct {
	net.Conn
	set   *connSet
	local bool
	state atomic.Uint32
	links conncap.Links[trackedConn] // under set.mu
}

// Links, Local and Idle are what conncap.Set needs of a connection.
func (c *trackedConn) Links() *conncap.Links[trackedConn] { return &c.links }
func (c *trackedConn) Local() bool                        { return c.local }
func (c *trackedConn) Idle() bool                         { return c.state.Load() == connIdle }

func (c *trackedConn) Read(p []byte) (int, error) {
	if c.state.Load() == connAnswered {
		c.state.Store(connIdle)
	}
	n, err := c.Conn.Read(p)
	if n > 0 && c.state.Load() != connBusy {
		c.state.Store(connBusy)
	}
	return n, err
}

func (c *trackedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if c.state.Load() == connBusy {
		c.state.Store(connAnswered)
	}
	return n, err
}

// CloseWrite half-closes the connection where it can. net/http does so
// before closing a connection whose client may still be sending, so that
// the client reads the answer rather than a reset.
func (c *trackedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// Close gives the connection's place back and closes it.
func (c *trackedConn) Close() error {
	c.set.remove(c)
	return c.Conn.Close()
}
