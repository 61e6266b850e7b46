package stdlib

import (
	"context"
	"net"

	"github.com/healthlite/healthlite/transport"
)

// splitGRPC hands the HTTP/2 connections of ln to s.GRPC, when it is set.
func (s *Server) splitGRPC(ln net.Listener) net.Listener {
	if s.GRPC == nil {
		return ln
	}
	if s.GRPC.Health == nil {
		s.GRPC.Health = s.Health
	}
	return transport.SplitH2C(ln, s.GRPC.ServeConn)
}

// shutdownGRPC ends the gRPC streams and connections, when s.GRPC is set.
func (s *Server) shutdownGRPC(ctx context.Context) error {
	if s.GRPC == nil {
		return nil
	}
	return s.GRPC.Shutdown(ctx)
}
