package stdlib

import (
	"crypto/tls"
	"log"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/healthlite/healthlite/transport"
)

// setupTLS has srv serve HTTPS with s.TLS, when set: HTTP/1.1, and "h2"
// by ALPN for s.GRPC, preferring "http/1.1" — gRPC clients offer "h2"
// alone, HTTP clients (curl, kubelet) both. net/http's own HTTP/2 stays
// off.
func (s *Server) setupTLS(srv *http.Server) {
	if s.TLS == nil {
		return
	}
	srv.TLSConfig = transport.ServingTLS(s.TLS, "http/1.1")
	srv.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	srv.ErrorLog = log.New(handshakeLog{s.logger()}, "", 0)
	if s.GRPC != nil {
		if s.GRPC.Health == nil {
			s.GRPC.Health = s.Health
		}
		if s.GRPC.Token == nil {
			s.GRPC.Token = s.Token
		}
		srv.TLSConfig = transport.ServingTLS(s.TLS, "http/1.1", "h2")
		srv.TLSNextProto["h2"] = func(_ *http.Server, c *tls.Conn, _ http.Handler) { s.GRPC.ServeConn(c) }
	}
}

// serve serves ln with srv: over TLS when s.TLS is set (net/http answers
// plain HTTP with 400), else plain, gRPC going by the h2c preface.
func (s *Server) serve(srv *http.Server, ln net.Listener) error {
	if s.TLS == nil {
		return srv.Serve(s.GRPC.Split(ln, s.Health))
	}
	return srv.ServeTLS(ln, "", "")
}

// trusted reports whether the client showed a certificate the server
// verified, or sent the token.
func (hd handler) trusted(r *http.Request) bool {
	if r.TLS != nil && len(r.TLS.VerifiedChains) > 0 {
		return true
	}
	if hd.tok == nil {
		return false
	}
	a := r.Header["Authorization"]
	return len(a) > 0 && hd.tok.Matches(a[0])
}

// handshakeLog passes net/http's error messages to slog: failed TLS
// handshakes at DEBUG (a TCP check that connects and leaves, a scanner:
// routine on a port a load balancer checks), the others at ERROR.
type handshakeLog struct{ log *slog.Logger }

func (l handshakeLog) Write(p []byte) (int, error) {
	msg := strings.TrimSuffix(string(p), "\n")
	if strings.HasPrefix(msg, "http: TLS handshake error") {
		l.log.Debug(msg)
	} else {
		l.log.Error(msg)
	}
	return len(p), nil
}
