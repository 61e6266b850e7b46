//go:build linux && (amd64 || arm64 || 386 || arm || riscv64 || ppc64le || ppc64 || s390x || loong64)

package transport

import (
	"net"
	"testing"
)

// soReusePort is SO_REUSEPORT on these Linux architectures; package syscall
// does not define it.
const soReusePort = 0xf

// TestListenNeverSetsReusePort reads SO_REUSEPORT back from the socket: with
// it set, a second instance could bind the same port and the fallback would
// never trigger.
func TestListenNeverSetsReusePort(t *testing.T) {
	_, ln := listenLoopback(t)
	if v := sockoptInt(t, ln.(*net.TCPListener), soReusePort); v != 0 {
		t.Fatalf("SO_REUSEPORT = %d, want 0", v)
	}
}
