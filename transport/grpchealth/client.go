package grpchealth

import (
	"context"
	"net"
	"time"

	"github.com/healthlite/healthlite/internal/healthwire"
)

// Error is a gRPC error status a server answered with.
type Error = healthwire.Error

// Check asks the server at addr (host:port, HTTP/2 cleartext with prior
// knowledge, a new connection) for the status of service with
// grpc.health.v1.Health/Check, within ctx's deadline, which it passes on
// as grpc-timeout. A gRPC error status is returned as an *Error.
func Check(ctx context.Context, addr, service string) (Status, error) {
	return healthwire.Check(ctx, addr, service)
}

// CheckConn sends the client preface and one Check on nc, and reads the
// answer. authority is the :authority header; timeout, when positive, is
// sent as grpc-timeout. The caller sets nc's deadlines and closes it.
func CheckConn(nc net.Conn, authority, service string, timeout time.Duration) (Status, error) {
	return healthwire.CheckConn(nc, authority, service, "http", timeout)
}
