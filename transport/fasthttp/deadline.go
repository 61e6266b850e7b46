package fasthttp

import (
	"errors"
	"math"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Timers are what deadlines cost: each one set is a timer operation in the
// runtime's netpoller, and fasthttp, given timeouts, reads the clock and
// sets three deadlines per kept-alive request (idle, reading, writing). The
// Server therefore gives fasthttp no timeouts and deadlineConn enforces
// them itself (see timeouts), and any deadline asked explicitly is applied
// lazily: a deadline moved later is not set until a read or write actually
// times out under the earlier one, and then the read or write is retried
// under the later one; a deadline moved earlier is set at once. A read or
// write therefore times out exactly when the newest deadline says, and a
// busy kept-alive connection touches its timers about once per timeout
// instead of three times per request.

// timeouts are the Server's, for deadlineConn to enforce on a connection
// fasthttp serves as HTTP/1 (from its first request on; see serving),
// telling a request from its response by the order of reads and writes:
// the idle timeout counts from the first write of a response to the first
// byte of the next request, the read timeout from that byte (or, on a new
// connection, from the accept) to the end of the request, the write timeout
// from the first write of a response. fasthttp, given these timeouts, sets
// them at about the same points: idle and write timeouts after and just
// before writing the response, the read timeout once a request's first
// byte is buffered — which, for a request pipelined behind another, is
// before its response is written; here such a request's rest waits under
// the idle timeout until a byte of it comes, then under the read timeout.
// A zero value enforces nothing.
type timeouts struct{ read, write, idle time.Duration }

// none is a deadline offset meaning no deadline: the latest of all.
const none = time.Duration(math.MaxInt64)

// lazyDeadlines wraps every connection ln accepts in a deadlineConn that
// enforces t once fasthttp serves it.
func lazyDeadlines(ln net.Listener, t timeouts) net.Listener { return deadlineListener{ln, t} }

type deadlineListener struct {
	net.Listener
	t timeouts
}

func (l deadlineListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	dc := newDeadlineConn(c, l.t)
	dc.client = clientOfAddrs(c.LocalAddr(), c.RemoteAddr())
	if l.t.read > 0 {
		// The first request's first byte (or TLS handshake, or HTTP/2
		// preface) comes under the read timeout, as fasthttp set it. An
		// error here (the connection is gone) is not the listener's: an
		// error from Accept would stop the server, the first read fails.
		dc.SetReadDeadline(dc.base.Add(l.t.read))
	}
	return dc, nil
}

// deadlineConn defers deadlines that move later and enforces the Server's
// timeouts (see timeouts). Its methods may be called from several
// goroutines, as net.Conn's may, except that while it enforces the
// timeouts only fasthttp's serving goroutine reads and writes (fasthttp
// does); a deadline set from anywhere ends the enforcing until the next
// request (tls.Conn.Close sets one; so does fasthttp after a handler that
// set its own). As the one wrapper of this
// package on every connection the Server accepts, it also records where
// the client is (client), so that requests do not ask the addresses
// through every wrapper again.
type deadlineConn struct {
	net.Conn
	client      client // set at accept, then only read
	t           timeouts
	base        time.Time // the accept; deadlines are kept as offsets from it
	mu          sync.Mutex
	read, write deadline

	// Enforcing t: auto is set by serving and cleared by an explicit
	// deadline (which may come from another goroutine: tls.Conn.Close
	// sets one); the rest is the serving goroutine's, touched only while
	// auto (HTTP/2 connections, whose reads and writes are on goroutines of
	// their own, never are).
	auto   atomic.Bool
	phase  phase
	timed  bool          // reqAt is the current request's
	reqAt  time.Duration // the current request's first byte, about
	respAt time.Duration // the last response's first write
}

func newDeadlineConn(c net.Conn, t timeouts) *deadlineConn {
	return &deadlineConn{Conn: c, t: t, base: time.Now(), read: deadline{none, none}, write: deadline{none, none}}
}

// phase is where a connection is in its exchange, told by reads and writes.
type phase uint8

const (
	phaseIdle    phase = iota // a response was written: waiting for a request
	phaseReading              // a read returned bytes since the last response
	phaseWriting              // a response is being written
)

// deadline is one direction's deadline, as offsets from the accept: want is
// the newest one asked for, set the one on the connection; none is none.
type deadline struct{ want, set time.Duration }

// ask records want and reports whether it must be set now: it is earlier
// than the deadline on the connection.
func (d *deadline) ask(want time.Duration) bool {
	d.want = want
	return want < d.set
}

// due reports, after an operation timed out under d.set, whether a later
// deadline was asked for since; the caller then sets it and retries.
func (d *deadline) due() bool { return d.want > d.set }

// offset returns t as an offset from the accept.
func (c *deadlineConn) offset(t time.Time) time.Duration {
	if t.IsZero() {
		return none
	}
	return t.Sub(c.base)
}

// now returns the time since the accept.
func (c *deadlineConn) now() time.Duration { return time.Since(c.base) }

func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.explicit()
	err := c.apply(&c.read, c.read.ask(c.offset(t)), c.Conn.SetReadDeadline)
	c.mu.Unlock()
	return err
}

func (c *deadlineConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.explicit()
	err := c.apply(&c.write, c.write.ask(c.offset(t)), c.Conn.SetWriteDeadline)
	c.mu.Unlock()
	return err
}

func (c *deadlineConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.explicit()
	d := c.offset(t)
	if err := c.apply(&c.read, c.read.ask(d), c.Conn.SetReadDeadline); err != nil {
		return err
	}
	return c.apply(&c.write, c.write.ask(d), c.Conn.SetWriteDeadline)
}

// explicit stops enforcing the timeouts: whoever sets a deadline on the
// connection takes charge of them. c.mu is held.
func (c *deadlineConn) explicit() {
	if c.auto.Load() {
		c.auto.Store(false)
	}
}

// apply sets d.want on the connection with set when now is true; c.mu is held.
func (c *deadlineConn) apply(d *deadline, now bool, set func(time.Time) error) error {
	if !now {
		return nil
	}
	t := time.Time{}
	if d.want != none {
		t = c.base.Add(d.want)
	}
	if err := set(t); err != nil {
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

// serving starts enforcing the timeouts, or again after an explicit
// deadline: fasthttp has read a request from the connection (and handed
// none of it to HTTP/2). Called from the serving goroutine, for each
// request.
func (c *deadlineConn) serving() {
	if c.auto.Load() || c.t == (timeouts{}) {
		return
	}
	c.phase = phaseReading
	c.auto.Store(true)
}

func (c *deadlineConn) Read(p []byte) (int, error) {
	if c.auto.Load() {
		var at time.Duration // the request's first byte, or the last response
		if c.phase == phaseReading {
			// The request came in pieces: its first byte came about
			// when this read was called, at once after the last one.
			if !c.timed {
				c.reqAt, c.timed = c.now(), true
			}
			at = c.reqAt + c.t.read
		} else {
			at = c.respAt + c.t.idle
		}
		if err := c.enforce(&c.read, at, c.Conn.SetReadDeadline); err != nil {
			return 0, err
		}
	}
	for {
		n, err := c.Conn.Read(p)
		if n > 0 && c.phase != phaseReading && c.auto.Load() {
			c.phase, c.timed = phaseReading, false
		}
		if n > 0 || err == nil || !c.retry(&c.read, err, c.Conn.SetReadDeadline) {
			return n, err
		}
	}
}

func (c *deadlineConn) Write(p []byte) (int, error) {
	if c.auto.Load() {
		if c.phase != phaseWriting {
			c.phase = phaseWriting
			c.respAt = c.now()
		}
		if err := c.enforce(&c.write, c.respAt+c.t.write, c.Conn.SetWriteDeadline); err != nil {
			return 0, err
		}
	}
	written := 0
	for {
		n, err := c.Conn.Write(p[written:])
		written += n
		if err == nil || !c.retry(&c.write, err, c.Conn.SetWriteDeadline) {
			return written, err
		}
	}
}

// enforce asks for the deadline want on d, as a timeout enforced, unless
// an explicit deadline has taken over since.
func (c *deadlineConn) enforce(d *deadline, want time.Duration, set func(time.Time) error) error {
	var err error
	c.mu.Lock()
	if c.auto.Load() {
		err = c.apply(d, d.ask(want), set)
	}
	c.mu.Unlock()
	return err
}

// serverConn returns the Server's deadlineConn under nc's wrappers (TLS,
// the h2c split), or nil for a connection accepted elsewhere.
func serverConn(nc net.Conn) *deadlineConn {
	for range 4 {
		switch w := nc.(type) {
		case *deadlineConn:
			return w
		case interface{ NetConn() net.Conn }:
			nc = w.NetConn()
			continue
		}
		break
	}
	return nil
}

// CloseWrite half-closes the connection where it can (see the guard's
// connections, which net/http and fasthttp look for).
func (c *deadlineConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
