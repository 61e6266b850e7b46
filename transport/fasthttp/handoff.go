package fasthttp

import (
	"net"
	"sync"
)

// handoff is the listener through which the event loop passes fasthttp the
// connections it does not serve itself (see Server.EventLoop): Accept
// returns them in the order the loop handed them over, each with the bytes
// the loop read and the answers it did not finish writing.
type handoff struct {
	addr  net.Addr
	ready chan struct{} // holds a token while conns is not empty
	done  chan struct{} // closed by Close

	mu    sync.Mutex
	conns []net.Conn
	err   error // why Accept fails once conns is empty and done closed
	once  sync.Once
}

func newHandoff(addr net.Addr) *handoff {
	return &handoff{addr: addr, ready: make(chan struct{}, 1), done: make(chan struct{})}
}

// push queues c for Accept; it never blocks, so that the loop never waits
// for fasthttp.
func (h *handoff) push(c net.Conn) {
	h.mu.Lock()
	h.conns = append(h.conns, c)
	h.mu.Unlock()
	select {
	case h.ready <- struct{}{}:
	default:
	}
}

// Accept returns the next connection handed over, or net.ErrClosed (or
// the error the loop stopped with) once the listener is closed.
func (h *handoff) Accept() (net.Conn, error) {
	for {
		h.mu.Lock()
		if len(h.conns) > 0 {
			c := h.conns[0]
			h.conns[0] = nil
			h.conns = h.conns[1:]
			if len(h.conns) > 0 {
				select {
				case h.ready <- struct{}{}:
				default:
				}
			}
			h.mu.Unlock()
			return c, nil
		}
		h.mu.Unlock()
		select {
		case <-h.ready:
		case <-h.done:
			h.mu.Lock()
			err := h.err
			h.mu.Unlock()
			if err == nil {
				err = net.ErrClosed
			}
			return nil, &net.OpError{Op: "accept", Net: h.addr.Network(), Addr: h.addr, Err: err}
		}
	}
}

// fail closes the listener with err, which Accept returns from then on.
func (h *handoff) fail(err error) {
	h.mu.Lock()
	if h.err == nil {
		h.err = err
	}
	h.mu.Unlock()
	h.Close()
}

// Close makes Accept return; connections still queued are closed.
func (h *handoff) Close() error {
	h.once.Do(func() {
		close(h.done)
		h.mu.Lock()
		for _, c := range h.conns {
			c.Close()
		}
		h.conns = nil
		h.mu.Unlock()
	})
	return nil
}

func (h *handoff) Addr() net.Addr { return h.addr }

// handedConn is a connection the loop handed over: Read returns first the
// bytes the loop read and did not answer; the first Read or Write first
// sends the answers the loop did not finish writing, so that answers keep
// the order of the requests.
type handedConn struct {
	net.Conn
	in, out []byte
}

func (c *handedConn) Read(p []byte) (int, error) {
	if err := c.flush(); err != nil {
		return 0, err
	}
	if len(c.in) > 0 {
		n := copy(p, c.in)
		c.in = c.in[n:]
		if len(c.in) == 0 {
			c.in = nil
		}
		return n, nil
	}
	return c.Conn.Read(p)
}

func (c *handedConn) Write(p []byte) (int, error) {
	if err := c.flush(); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// flush writes the loop's unfinished answers.
func (c *handedConn) flush() error {
	if len(c.out) == 0 {
		return nil
	}
	out := c.out
	c.out = nil
	_, err := c.Conn.Write(out)
	return err
}

// CloseWrite half-closes the connection, as the TCP connection under it
// does.
func (c *handedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// NetConn returns the connection under c, as tls.Conn's does.
func (c *handedConn) NetConn() net.Conn { return c.Conn }
