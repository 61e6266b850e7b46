//go:build linux

package transport

import (
	"context"
	"net"
	"syscall"
	"testing"
)

// TestListenAcceptsWithoutKeepAliveProbes reads SO_KEEPALIVE back from an
// accepted connection: Go turns the probes on for every accepted
// connection unless the listener says otherwise, at four setsockopt calls
// per connection.
func TestListenAcceptsWithoutKeepAliveProbes(t *testing.T) {
	_, log := newLog()
	ln, err := Listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	c, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var v int
	var serr error
	if err := rc.Control(func(fd uintptr) {
		v, serr = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
	}); err != nil || serr != nil {
		t.Fatal(err, serr)
	}
	if v != 0 {
		t.Fatalf("SO_KEEPALIVE = %d on an accepted connection, want 0", v)
	}
}
