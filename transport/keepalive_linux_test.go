//go:build linux

package transport

import (
	"net"
	"syscall"
	"testing"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// TestListenAcceptsWithoutKeepAliveProbes reads SO_KEEPALIVE back from an
// accepted connection: Go turns the probes on for every accepted
// connection unless the listener says otherwise, at four setsockopt calls
// per connection.
func TestListenAcceptsWithoutKeepAliveProbes(t *testing.T) {
	_, ln := listenLoopback(t)
	_, c := tcptest.Accept(t, ln)
	if v := sockoptInt(t, c.(*net.TCPConn), syscall.SO_KEEPALIVE); v != 0 {
		t.Fatalf("SO_KEEPALIVE = %d on an accepted connection, want 0", v)
	}
}
