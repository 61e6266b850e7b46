package grpchealth

import (
	"crypto/tls"
	"net"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// The methods of grpc.health.v1.Health.
type method uint8

const (
	mCheck method = iota + 1
	mWatch
	mList
)

const servicePrefix = "/grpc.health.v1.Health/"

// reqHeader is what a request's header block says that matters here. The
// strings come from the HPACK decoder: static or dynamic table entries,
// or fresh strings for literals.
type reqHeader struct {
	method, path, scheme, authority, contentType, timeout, encoding string
	authorization                                                   string
	regular, bad, tooLarge                                          bool
	size                                                            int
}

// onField is the HPACK decoder's callback for each field of a block.
func (c *conn) onField(f hpack.HeaderField) {
	h := &c.hdr
	h.size += len(f.Name) + len(f.Value) + 32
	if h.size > c.maxHeader {
		h.tooLarge = true
		c.dec.setEmitEnabled(false) // HPACK bomb: decode on, keep nothing
		return
	}
	if f.IsPseudo() {
		if h.regular {
			h.bad = true
		}
		var dst *string
		switch f.Name {
		case ":method":
			dst = &h.method
		case ":path":
			dst = &h.path
		case ":scheme":
			dst = &h.scheme
		case ":authority":
			dst = &h.authority
		default:
			h.bad = true
			return
		}
		if *dst != "" || f.Value == "" {
			h.bad = true
		}
		*dst = f.Value
		return
	}
	h.regular = true
	for i := 0; i < len(f.Name); i++ {
		if c := f.Name[i]; c >= 'A' && c <= 'Z' {
			h.bad = true
		}
	}
	switch f.Name {
	case "content-type":
		h.contentType = f.Value
	case "grpc-timeout":
		h.timeout = f.Value
	case "grpc-encoding":
		h.encoding = f.Value
	case "authorization":
		h.authorization = f.Value
	case "te":
		if f.Value != "trailers" {
			h.bad = true
		}
	case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade":
		h.bad = true
	}
}

// onRequestHeaders acts on a whole header block: a new request, or the
// trailers that end one.
func (c *conn) onRequestHeaders() error {
	id, h := c.blockStream, &c.hdr
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if st := c.streams[id]; st != nil { // trailers
		if !c.blockEnd || st.recvEnded {
			c.rst(st, http2.ErrCodeProtocol)
			return nil
		}
		st.recvEnded = true
		c.dispatch(st)
		return nil
	}
	if id%2 == 0 || id <= c.maxStream {
		return &connError{http2.ErrCodeProtocol, "HEADERS on a closed or server stream"}
	}
	c.maxStream = id
	if c.goingAway.Load() || len(c.streams) >= c.maxStreams {
		c.fr.WriteRSTStream(id, http2.ErrCodeRefusedStream)
		return c.spend()
	}
	st := c.newStream(id)
	st.recvEnded = c.blockEnd
	switch {
	case h.tooLarge:
		c.answer(st, rendered().answerHeaderSize)
	case h.bad || h.method == "" || h.path == "" || h.scheme == "":
		c.rst(st, http2.ErrCodeProtocol)
	case h.method != "POST":
		c.answer(st, rendered().answerNotPost)
	case !isGRPC(h.contentType):
		c.answer(st, rendered().answerContent)
	case h.encoding != "" && h.encoding != "identity":
		c.answer(st, rendered().answerEncodingBad)
	case len(h.path) <= len(servicePrefix) || h.path[:len(servicePrefix)] != servicePrefix:
		c.answer(st, rendered().answerNoService)
	default:
		switch h.path[len(servicePrefix):] {
		case "Check":
			st.method = mCheck
		case "Watch":
			st.method = mWatch
		case "List":
			st.method = mList
		default:
			c.answer(st, rendered().answerNoMethod)
			return nil
		}
		if h.timeout != "" {
			d, ok := parseTimeout(h.timeout)
			switch {
			case !ok:
				c.answer(st, rendered().answerBadTimeout)
				return nil
			case d <= 0:
				c.answer(st, rendered().answerDeadline)
				return nil
			}
			st.timeout = d
		}
		if st.method == mList {
			st.local = c.local(h.authority)
			st.trusted = c.trusted(h.authorization)
		}
		if st.recvEnded {
			c.dispatch(st)
		}
	}
	return nil
}

// dispatch answers a request whose body has all come. wmu is held.
func (c *conn) dispatch(st *stream) {
	c.refund()
	b := st.body
	if len(b) < 5 {
		c.answer(st, rendered().answerNoMessage)
		return
	}
	n := int(b[1])<<24 | int(b[2])<<16 | int(b[3])<<8 | int(b[4])
	if b[0] > 1 || n != len(b)-5 {
		c.answer(st, rendered().answerBadMessage)
		return
	}
	if b[0] == 1 {
		c.answer(st, rendered().answerCompressed)
		return
	}
	svc, err := ParseRequest(b[5:])
	if err != nil {
		c.answer(st, rendered().answerBadMessage)
		return
	}
	v := c.srv.view.Load()
	switch st.method {
	case mCheck:
		status, ok := v.lookup(svc)
		switch {
		case !ok:
			c.answer(st, rendered().answerNotFound)
		case status == StatusServing:
			c.answer(st, rendered().answerServing)
		case c.srv.UnavailableWhenNotServing:
			c.answer(st, rendered().answerUnavail)
		default:
			c.answer(st, rendered().answerNotServing)
		}
	case mList:
		d := 0
		if c.srv.Health.ShowsDetails(&core.Request{Local: st.local, Trusted: st.trusted}) {
			d = 1
		}
		if v.many[d] {
			c.answer(st, rendered().answerListMany)
			return
		}
		c.answer(st, &answer{msg: v.list[d], n: 3})
	case mWatch:
		c.startWatch(st, string(svc))
	}
}

// local reports whether the client is on loopback or a unix socket (and,
// as the HTTP transports want, names loopback in :authority if anything).
func (c *conn) local(authority string) bool {
	switch a := c.nc.RemoteAddr().(type) {
	case *net.UnixAddr:
		return true
	case *net.TCPAddr:
		return a.IP.IsLoopback() && (authority == "" || transport.LoopbackHost(authority))
	}
	_, unix := c.nc.LocalAddr().(*net.UnixAddr)
	return unix
}

// trusted reports whether the client showed a certificate the server's
// TLS configuration verified (its ClientCAs), or sent the server's Token
// in authorization metadata ("Bearer TOKEN"), as the HTTP transports
// count it.
func (c *conn) trusted(authorization string) bool {
	if tc, ok := c.nc.(*tls.Conn); ok && len(tc.ConnectionState().VerifiedChains) > 0 {
		return true
	}
	return c.srv.Token != nil && authorization != "" && c.srv.Token.Matches(authorization)
}

// parseTimeout parses grpc-timeout: at most 8 digits and a unit.
func parseTimeout(s string) (time.Duration, bool) {
	if len(s) < 2 || len(s) > 9 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s)-1; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	var unit time.Duration
	switch s[len(s)-1] {
	case 'H':
		unit = time.Hour
	case 'M':
		unit = time.Minute
	case 'S':
		unit = time.Second
	case 'm':
		unit = time.Millisecond
	case 'u':
		unit = time.Microsecond
	case 'n':
		unit = time.Nanosecond
	default:
		return 0, false
	}
	const max = 1<<63 - 1
	if n > int64(max/unit) {
		return max, true
	}
	return time.Duration(n) * unit, true
}
