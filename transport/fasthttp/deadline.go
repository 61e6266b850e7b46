package fasthttp

import (
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// fasthttp sets three deadlines per kept-alive request: the idle timeout
// before it waits for the next request, the read timeout once its first
// byte came, and the write timeout before the answer. Each one is a timer
// operation in the runtime's netpoller. A later deadline only matters
// once the earlier one has passed, so lazyDeadlines defers moving a
// deadline later until a read or write actually times out under the
// earlier one, and then retries it under the later one; a deadline moved
// earlier is set at once. A read or write therefore times out exactly when
// the newest deadline says, as before, and a busy kept-alive connection
// touches its timers about once per read timeout instead of three times
// per request.

// lazyDeadlines wraps every connection ln accepts in a deadlineConn.
func lazyDeadlines(ln net.Listener) net.Listener { return deadlineListener{ln} }

type deadlineListener struct{ net.Listener }

func (l deadlineListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &deadlineConn{Conn: c, client: clientOfAddrs(c.LocalAddr(), c.RemoteAddr())}, nil
}

// deadlineConn defers deadlines that move later (see lazyDeadlines). Its
// methods may be called from several goroutines, as net.Conn's may. As
// the one wrapper of this package on every connection the Server accepts,
// it also records where the client is (client), so that requests do not
// ask the addresses through every wrapper again.
type deadlineConn struct {
	net.Conn
	client      client // set at accept, then only read
	mu          sync.Mutex
	read, write deadline
}

// deadline is one direction's deadline: want is the newest one asked for,
// set the one on the connection; the zero time is none.
type deadline struct{ want, set time.Time }

// later reports whether a is later than b, the zero time (none) being
// the latest.
func later(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() && !b.IsZero()
	}
	return a.After(b)
}

// ask records t and reports whether it must be set now: it is earlier
// than the deadline on the connection, or the connection has none.
func (d *deadline) ask(t time.Time) bool {
	d.want = t
	return !d.set.Equal(t) && (d.set.IsZero() || later(d.set, t))
}

// due reports, after an operation timed out under d.set, whether a later
// deadline was asked for since; the caller then sets it and retries.
func (d *deadline) due() bool { return later(d.want, d.set) }

func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.apply(&c.read, c.read.ask(t), c.Conn.SetReadDeadline)
}

func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.apply(&c.write, c.write.ask(t), c.Conn.SetWriteDeadline)
}

func (c *deadlineConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.apply(&c.read, c.read.ask(t), c.Conn.SetReadDeadline); err != nil {
		return err
	}
	return c.apply(&c.write, c.write.ask(t), c.Conn.SetWriteDeadline)
}

// apply sets d.want on the connection with set when now is true; c.mu is held.
func (c *deadlineConn) apply(d *deadline, now bool, set func(time.Time) error) error {
	if !now {
		return nil
	}
	if err := set(d.want); err != nil {
		return err
	}
	d.set = d.want
	return nil
}

// retry reports whether an operation that failed with err timed out only
// under a deadline since moved later, which it then sets.
func (c *deadlineConn) retry(d *deadline, err error, set func(time.Time) error) bool {
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return d.due() && c.apply(d, true, set) == nil
}

func (c *deadlineConn) Read(p []byte) (int, error) {
	for {
		n, err := c.Conn.Read(p)
		if n > 0 || err == nil || !c.retry(&c.read, err, c.Conn.SetReadDeadline) {
			return n, err
		}
	}
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	written := 0
	for {
		n, err := c.Conn.Write(p[written:])
		written += n
		if err == nil || !c.retry(&c.write, err, c.Conn.SetWriteDeadline) {
			return written, err
		}
	}
}

// CloseWrite half-closes the connection where it can (see the guard's
// connections, which net/http and fasthttp look for).
func (c *deadlineConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
