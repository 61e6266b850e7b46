package transport

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"time"
)

// TLSListener returns a listener whose connections speak TLS with cfg
// (copied by ServingTLS; its NextProtos are set here). The handshake runs on the
// server's first Read, under the deadline it set, so a slow client delays
// only its own connection. When serveH2 is set, "h2" is offered by ALPN
// after "http/1.1" — gRPC clients offer "h2" alone, HTTP clients (curl,
// kubelet) both and get HTTP/1.1 — and a connection that settles on "h2"
// is handed to serveH2 (on a goroutine of its own):
// the HTTP server sees that connection end at once, without a byte
// (io.EOF). A client that sends plain HTTP is answered PlainHTTPAnswer and
// the connection ends; so does any other failed handshake, without a
// word. For servers that do not handle TLS themselves (fasthttp).
func TLSListener(ln net.Listener, cfg *tls.Config, serveH2 func(net.Conn)) net.Listener {
	if serveH2 != nil {
		cfg = ServingTLS(cfg, "http/1.1", "h2")
	} else {
		cfg = ServingTLS(cfg, "http/1.1")
	}
	return &tlsListener{Listener: ln, cfg: cfg, serveH2: serveH2}
}

type tlsListener struct {
	net.Listener
	cfg     *tls.Config
	serveH2 func(net.Conn)
}

// Accept returns the next connection, its handshake still to come.
func (l *tlsListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &TLSConn{Conn: tls.Server(c, l.cfg), serveH2: l.serveH2}, nil
}

// handshakeWriteTimeout bounds writing the server's handshake messages.
const handshakeWriteTimeout = DefaultWriteTimeout

// TLSConn is a connection from TLSListener. Read is called by one
// goroutine (the HTTP server's); Close may come from another.
type TLSConn struct {
	*tls.Conn
	serveH2  func(net.Conn)
	done     bool // the handshake has run
	err      error
	verified bool
	gone     atomic.Bool
}

// Read runs the TLS handshake on its first call, then reads the decrypted
// bytes. After a failed handshake, or one that settled on "h2" and handed
// the connection to serveH2, it returns io.EOF.
func (c *TLSConn) Read(p []byte) (int, error) {
	if !c.done {
		c.handshake()
	}
	if c.err != nil {
		return 0, c.err
	}
	return c.Conn.Read(p)
}

func (c *TLSConn) handshake() {
	c.done = true
	c.Conn.NetConn().SetWriteDeadline(time.Now().Add(handshakeWriteTimeout))
	err := c.Conn.Handshake()
	c.Conn.NetConn().SetWriteDeadline(time.Time{})
	if err != nil {
		var rh tls.RecordHeaderError
		if errors.As(err, &rh) && rh.Conn != nil && LooksLikeHTTP(rh.RecordHeader) {
			io.WriteString(rh.Conn, PlainHTTPAnswer)
		}
		c.err = io.EOF
		return
	}
	st := c.Conn.ConnectionState()
	c.verified = len(st.VerifiedChains) > 0
	if c.serveH2 != nil && st.NegotiatedProtocol == "h2" {
		c.gone.Store(true)
		c.err = io.EOF
		go c.serveH2(c.Conn)
	}
}

// ClientVerified reports whether the client presented a certificate that
// the server's ClientCAs verified. It is false until the handshake.
func (c *TLSConn) ClientVerified() bool { return c.verified }

// Close closes the connection unless it was handed to the HTTP/2 server.
func (c *TLSConn) Close() error {
	if c.gone.Load() {
		return nil
	}
	return c.Conn.Close()
}
