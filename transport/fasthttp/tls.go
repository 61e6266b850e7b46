package fasthttp

import (
	"net"

	"github.com/healthlite/healthlite/transport"
	"github.com/valyala/fasthttp"
)

// wrap serves TLS on ln when s.TLS is set, gRPC going by ALPN; else gRPC
// by the h2c preface.
func (s *Server) wrap(ln net.Listener) net.Listener {
	if s.TLS == nil {
		return s.GRPC.Split(ln, s.Health)
	}
	var serveH2 func(net.Conn)
	if s.GRPC != nil {
		if s.GRPC.Health == nil {
			s.GRPC.Health = s.Health
		}
		if s.GRPC.Token == nil {
			s.GRPC.Token = s.Token
		}
		serveH2 = s.GRPC.ServeConn
	}
	return transport.TLSListener(ln, s.TLS, serveH2)
}

// trusted reports whether the client showed a certificate the server
// verified, or sent tok.
func trusted(ctx *fasthttp.RequestCtx, tok *transport.Token) bool {
	if c, ok := ctx.Conn().(*transport.TLSConn); ok && c.ClientVerified() {
		return true
	}
	return tok != nil && tok.Matches(unsafeString(ctx.Request.Header.Peek("Authorization")))
}
