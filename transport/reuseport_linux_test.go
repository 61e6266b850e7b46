//go:build linux && (amd64 || arm64 || 386 || arm || riscv64 || ppc64le || ppc64 || s390x || loong64)

package transport

import (
	"context"
	"net"
	"syscall"
	"testing"
)

// soReusePort is SO_REUSEPORT on these Linux architectures; package syscall
// does not define it.
const soReusePort = 0xf

// TestListenNeverSetsReusePort reads SO_REUSEPORT back from the socket: with
// it set, a second instance could bind the same port and the fallback would
// never trigger.
func TestListenNeverSetsReusePort(t *testing.T) {
	_, log := newLog()
	ln, err := Listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	rc, err := ln.(*net.TCPListener).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var serr error
	if err := rc.Control(func(fd uintptr) {
		v, serr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, soReusePort)
	}); err != nil || serr != nil {
		t.Fatal(err, serr)
	}
	if v != 0 {
		t.Fatalf("SO_REUSEPORT = %d, want 0", v)
	}
}
