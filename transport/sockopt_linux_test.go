//go:build linux

package transport

import (
	"syscall"
	"testing"
)

// sockoptInt reads the socket-level option opt of c back from the kernel.
func sockoptInt(t *testing.T, c syscall.Conn, opt int) int {
	t.Helper()
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var serr error
	if err := rc.Control(func(fd uintptr) {
		v, serr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, opt)
	}); err != nil || serr != nil {
		t.Fatal(err, serr)
	}
	return v
}
