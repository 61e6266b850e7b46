//go:build linux

package fasthttp

import (
	"net"
	"os"
	"slices"
	"syscall"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/internal/conncap"
)

// lconn is a connection the loop serves.
type lconn struct {
	fd      int // -1 once closed or handed over
	client  client
	since   time.Duration // start of the current wait (see timeout)
	served  int           // requests answered
	reading bool          // waiting for a request: its first byte came, or none has come yet on a new connection
	closing bool          // close once out is written
	hup     bool          // the client shut down its side (EPOLLRDHUP)
	buf     []byte        // bytes read and not yet answered
	out     []byte        // answers not yet written; non-nil while the socket is full
	links   conncap.Links[lconn]
}

// Idle reports whether c waits for a request with no byte of it read and
// no answer left to write: a connection the cap may close for a new one,
// and a shutdown at once.
func (c *lconn) Idle() bool { return len(c.buf) == 0 && c.out == nil }

// Links and Local are, with Idle, what conncap.Set needs of a connection.
func (c *lconn) Links() *conncap.Links[lconn] { return &c.links }
func (c *lconn) Local() bool                  { return c.client != clientRemote }

// admit serves a new connection, or closes it when the cap refuses it.
// It reads the connection at once: a probe's client sends its request as
// soon as it is connected, so the request is usually there already, and
// answering it now saves a second wake-up of the loop for it (the socket
// is edge-triggered: when nothing is there yet, the request's arrival
// reports it).
func (l *loop) admit(fd int, loopback bool) {
	if l.stopping {
		sysClose(fd)
		return
	}
	c := l.newConn(fd, loopback)
	if displaced, ok := l.cap.admit(c); !ok {
		sysClose(fd)
		c.fd = -1
		l.spare = append(l.spare, c)
		return
	} else if displaced != nil {
		l.close(displaced)
	}
	if err := sysEpollCtl(l.epfd, syscall.EPOLL_CTL_ADD, fd, syscall.EPOLLIN|syscall.EPOLLRDHUP|epollET); err != 0 {
		l.cap.remove(c)
		sysClose(fd)
		c.fd = -1
		l.spare = append(l.spare, c)
		return
	}
	if fd >= len(l.conns) {
		l.conns = slices.Grow(l.conns, fd+1-len(l.conns))[:fd+1]
	}
	l.conns[fd] = c
	l.readable(c)
}

// newConn returns a connection record for fd, reusing a spare one.
func (l *loop) newConn(fd int, loopback bool) *lconn {
	var c *lconn
	if n := len(l.spare); n > 0 {
		c, l.spare = l.spare[n-1], l.spare[:n-1]
		*c = lconn{buf: c.buf[:0]}
	} else {
		c = new(lconn)
	}
	c.fd, c.client, c.reading, c.since = fd, clientRemote, true, l.now
	if loopback {
		c.client = clientLoopback
	}
	return c
}

// readable reads what c's client sent and answers it, until a short read
// says the socket is empty (the socket is edge-triggered), the socket is
// full of answers, or c had its share of this wake-up (see again). It
// reports whether it found the socket empty.
func (l *loop) readable(c *lconn) (empty bool) {
	l.cur = c
	defer func() { l.cur = nil }()
	for reads := 0; c.fd >= 0 && c.out == nil; reads++ {
		if reads == loopReads {
			l.again = append(l.again, c)
			return false
		}
		var buf []byte
		if len(c.buf) > 0 {
			if cap(c.buf)-len(c.buf) < loopConnBuf/2 {
				c.buf = slices.Grow(c.buf, max(loopConnBuf, len(c.buf)))
			}
			buf = c.buf[len(c.buf):cap(c.buf)]
		} else {
			buf = l.in
		}
		n, err := sysRead(c.fd, buf)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return true
		case err != 0 || n == 0:
			l.close(c) // the client closed, or the connection broke
			return true
		}
		var data []byte
		if len(c.buf) > 0 {
			c.buf = c.buf[:len(c.buf)+n]
			data = c.buf
		} else {
			data = l.in[:n]
		}
		l.answer(c, data)
		if n < len(buf) {
			return true
		}
	}
	return false
}

// answer answers the probes at the start of data, what c's client sent and
// c has not answered, writes the answers and keeps the rest in c.buf. The
// first request that is not a probe hands c to fasthttp.
func (l *loop) answer(c *lconn, data []byte) {
	answered := false
	for len(data) > 0 && !c.closing {
		p, n, st := readProbe(data, l.maxHeader)
		if st == probeOther {
			l.handOff(c, data)
			return
		}
		if st == probeIncomplete {
			break
		}
		if !l.route(c, &p) {
			l.handOff(c, data) // a custom handler may block: not on the loop
			return
		}
		c.served++
		if c.served == 2 {
			// A second request: the client keeps the connection, and an
			// answer must not wait for the last one's ACK (Nagle). A
			// connection per probe never pays for the system call.
			sysNoDelay(c.fd)
		}
		answered = true
		data = data[n:]
		if p.close || l.stopping {
			c.closing = true
		}
		if len(l.out) >= loopOutMax && len(data) > 0 && !c.closing {
			if !l.flush(c, data) {
				return
			}
		}
	}
	if c.closing {
		data = nil
	}
	l.keep(c, data, answered)
	l.flush(c, nil)
}

// keep keeps data, the start of a request or requests not yet answered,
// in c.buf, and starts the wait that follows: for the rest of a request
// when a byte of one came, else, after an answer, for the next request.
func (l *loop) keep(c *lconn, data []byte, answered bool) {
	c.buf = append(c.buf[:0], data...) // data may be in c.buf: append moves it
	switch {
	case len(data) > 0 && (answered || !c.reading):
		c.reading, c.since = true, l.now
	case len(data) == 0 && answered:
		c.reading, c.since = false, l.now
	}
}

// route answers p, appending the answer to l.out, unless a custom handler
// (core.Health.Handle) answers its path: it then reports false.
func (l *loop) route(c *lconn, p *probe) bool {
	_, path, query := splitTarget(p.target)
	if hasEscape(path) {
		l.path = appendPath(l.path[:0], path)
		path = unsafeString(l.path)
	}
	if l.h.HandlesCustom(path) {
		return false
	}
	l.req = core.Request{
		Method:   p.method,
		Path:     path,
		RawQuery: query,
		Accept:   p.accept,
		Local:    c.client == clientLoopback && transport.LoopbackHost(p.host),
		Trusted:  l.tok != nil && l.tok.Matches(p.auth),
	}
	l.resp = core.Response{Scratch: l.resp.Scratch[:0]}
	l.h.Route(&l.req, &l.resp)
	l.out = appendResponse(l.out, &l.resp, p.method == "HEAD", p.close || l.stopping, l.date)
	l.req = core.Request{}
	l.resp.Body, l.resp.Headers = nil, nil
	if cap(l.resp.Scratch) > maxScratch {
		l.resp.Scratch = nil
	}
	return true
}

// flush writes l.out to c and reports whether all of it went. When the
// socket is full, c keeps the rest and rest (the requests not yet
// answered), and waits for the socket to drain (see writable).
func (l *loop) flush(c *lconn, rest []byte) bool {
	out := l.out
	l.out = l.out[:0]
	for len(out) > 0 {
		n, err := sysWrite(c.fd, out)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			c.out = append(make([]byte, 0, len(out)), out...)
			if len(rest) > 0 {
				c.buf = append(c.buf[:0], rest...)
			}
			c.since = l.now
			if err := sysEpollCtl(l.epfd, syscall.EPOLL_CTL_MOD, c.fd, syscall.EPOLLIN|syscall.EPOLLOUT|syscall.EPOLLRDHUP|epollET); err != 0 {
				l.close(c)
			}
			return false
		case err != 0:
			l.close(c)
			return false
		}
		out = out[n:]
	}
	if cap(l.out) > maxScratch {
		l.out = nil
	}
	if c.closing || l.stopping && c.Idle() {
		l.close(c)
		return false
	}
	return true
}

// writable writes what c could not, then answers what c's client sent
// meanwhile.
func (l *loop) writable(c *lconn) {
	l.cur = c
	defer func() { l.cur = nil }()
	for len(c.out) > 0 {
		n, err := sysWrite(c.fd, c.out)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return
		case err != 0:
			l.close(c)
			return
		}
		c.out = c.out[n:]
	}
	c.out = nil
	if c.closing {
		l.close(c)
		return
	}
	c.since = l.now
	if len(c.buf) > 0 {
		l.answer(c, c.buf)
		if c.fd < 0 || c.out != nil {
			return
		}
	} else if l.stopping {
		l.close(c)
		return
	}
	l.readable(c) // the socket is edge-triggered: what came meanwhile is unread
	if c.fd >= 0 && c.hup {
		l.hangUp(c)
	}
}

// hangUp ends c, whose client shut down its side and whose bytes were all
// read: once its answers are written, since no request can come.
func (l *loop) hangUp(c *lconn) {
	if c.out != nil {
		c.closing = true
		return
	}
	l.close(c)
}

// handOff gives c to fasthttp with data, what its client sent and the loop
// did not answer, and l.out, the answers not yet written.
func (l *loop) handOff(c *lconn, data []byte) {
	fd := c.fd
	in := append([]byte(nil), data...)
	out := append(c.out, l.out...)
	l.out = l.out[:0]
	sysEpollCtl(l.epfd, syscall.EPOLL_CTL_DEL, fd, 0)
	l.forget(c)
	f := os.NewFile(uintptr(fd), "")
	nc, err := net.FileConn(f)
	f.Close()
	if err != nil {
		l.log.Error("Event loop cannot hand a connection to fasthttp; closing it", "err", err)
		return
	}
	l.hand.push(&handedConn{Conn: nc, in: in, out: out})
}

// close closes c.
func (l *loop) close(c *lconn) {
	if c.fd < 0 {
		return
	}
	sysClose(c.fd)
	l.forget(c)
}

// forget drops c, closed or handed over, from the loop.
func (l *loop) forget(c *lconn) {
	l.conns[c.fd] = nil
	l.cap.remove(c)
	c.fd = -1
	c.out = nil
	if cap(c.buf) > loopConnBuf*4 {
		c.buf = nil
	}
	c.buf = c.buf[:0]
	l.spare = append(l.spare, c)
}

// sweep closes the connections whose wait is over: a request not read
// whole within the read timeout (408 when some of it came), a kept-alive
// connection idle for the idle timeout, an answer not written within the
// write timeout. The clock is the tick's, so a wait ends up to a tick
// late, never early.
func (l *loop) sweep() {
	for _, c := range l.conns {
		if c == nil {
			continue
		}
		var limit time.Duration
		switch {
		case c.out != nil:
			limit = l.t.write
		case c.reading:
			limit = l.t.read
		default:
			limit = l.t.idle
		}
		if limit <= 0 || l.now-c.since < limit+l.tick {
			continue
		}
		if c.out == nil && len(c.buf) > 0 {
			l.resp = core.Response{Status: 408, ContentType: "text/plain; charset=utf-8", Body: []byte("408 request timeout\n"), Scratch: l.resp.Scratch}
			l.out = appendResponse(l.out, &l.resp, false, true, l.date)
			l.resp.Body = nil
			c.closing = true
			c.buf = c.buf[:0]
			l.flush(c, nil)
			l.close(c)
			continue
		}
		l.close(c)
	}
}
