package transport

import (
	"bytes"
	"io"
	"net"
	"sync/atomic"
)

// h2Preface is the HTTP/2 client preface a client with prior knowledge
// (h2c) sends first.
const h2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// SplitH2C returns a listener whose connections are told apart by their
// first bytes: one that opens with the 24-byte HTTP/2 client preface is
// handed to serveH2 (on a goroutine of its own, the preface still to be
// read), every other one reads as it came. The HTTP server serving the
// returned listener sees a handed-over connection end at once, without a
// byte (io.EOF), and its Close does nothing.
//
// The bytes are read on the HTTP server's first Read, under the deadline
// it sets, so a slow client delays only its own connection. That Read
// reads into the server's buffer: an HTTP/1 request costs the one read
// it would cost without the split (the bytes are copied aside only while
// they may still be the start of the preface), nothing is added to later
// reads, and a kept-alive HTTP/1.1 connection costs the same per request
// as before. The listener wraps any listener, such as one from Listen or
// socket activation.
func SplitH2C(ln net.Listener, serveH2 func(net.Conn)) net.Listener {
	return &h2cListener{Listener: ln, serveH2: serveH2}
}

type h2cListener struct {
	net.Listener
	serveH2 func(net.Conn)
}

// Accept returns the next connection, to be sniffed on its first Read.
func (l *h2cListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &sniffConn{Conn: c, serveH2: l.serveH2}, nil
}

// sniffConn reads the first bytes of a connection to see whether it is
// HTTP/2. Read is called by one goroutine (the HTTP server's); Close may
// come from another.
type sniffConn struct {
	net.Conn
	serveH2 func(net.Conn)
	sniffed bool
	head    [len(h2Preface)]byte
	n, off  int // head[off:n] is still to be read
	gone    atomic.Bool
}

func (c *sniffConn) Read(p []byte) (int, error) {
	if c.sniffed && c.off == c.n {
		return c.Conn.Read(p)
	}
	if !c.sniffed {
		c.sniffed = true
		if len(p) >= len(h2Preface) {
			// The usual case: one read into the caller's buffer, which an
			// HTTP/1 request's first bytes tell apart from the preface.
			n, err := c.Conn.Read(p)
			k := min(n, len(h2Preface))
			switch {
			case string(p[:k]) != h2Preface[:k]:
				return n, err
			case n >= len(h2Preface):
				c.handOver(bytes.Clone(p[:n]))
				return 0, io.EOF
			case err != nil:
				return n, err
			}
			c.n = copy(c.head[:], p[:n]) // part of the preface: read on below
		}
		if err := c.sniff(); err != nil {
			return 0, err
		}
		if c.gone.Load() {
			return 0, io.EOF
		}
	}
	n := copy(p, c.head[c.off:c.n])
	c.off += n
	return n, nil
}

// NetConn returns the connection c wraps, as tls.Conn's NetConn does: the
// transports find their own wrapper beneath it.
func (c *sniffConn) NetConn() net.Conn { return c.Conn }

// sniff reads until the bytes can no longer be the preface, or are it.
// An error with no byte read is returned; with some, it is left for the
// next Read, after they are replayed.
func (c *sniffConn) sniff() error {
	for c.n < len(c.head) {
		m, err := c.Conn.Read(c.head[c.n:])
		c.n += m
		if string(c.head[:c.n]) != h2Preface[:c.n] {
			return nil
		}
		if err != nil {
			if c.n == 0 {
				return err
			}
			return nil
		}
	}
	c.handOver(preface)
	return nil
}

// preface is what the HTTP/2 server reads first when sniff read exactly
// the preface; never written to.
var preface = []byte(h2Preface)

// handOver gives the connection to the HTTP/2 server, which reads read
// (the preface and whatever came with it) first.
func (c *sniffConn) handOver(read []byte) {
	c.gone.Store(true)
	go c.serveH2(&prefaceConn{Conn: c.Conn, read: read})
}

// Close closes the connection unless it was handed to the HTTP/2 server.
func (c *sniffConn) Close() error {
	if c.gone.Load() {
		return nil
	}
	return c.Conn.Close()
}

// prefaceConn replays the bytes sniffConn read: the client preface and
// any that came with it.
type prefaceConn struct {
	net.Conn
	read []byte
	off  int
}

func (c *prefaceConn) Read(p []byte) (int, error) {
	if c.off == len(c.read) {
		return c.Conn.Read(p)
	}
	n := copy(p, c.read[c.off:])
	c.off += n
	return n, nil
}
