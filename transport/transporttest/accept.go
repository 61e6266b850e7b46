package transporttest

import (
	"context"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/healthlite/healthlite/transport"
)

// testAcceptErrors serves on a listener whose Accept fails with EMFILE,
// ENFILE, ENOBUFS and ECONNABORTED before each connection, as it does
// when the process runs out of descriptors: the server must wait them
// out and answer every connection, never stop serving.
func testAcceptErrors(t *testing.T, f *fixture, newServer serverFor) {
	raw, err := transport.Listen(context.Background(), transport.Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ln := &failingListener{Listener: raw}
	srv := newServer(f.h)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	for i := 0; i < 3; i++ {
		c := dial(t, raw.Addr().String())
		r := get("/livez")
		if a, ok := c.do(t, r); ok {
			check(t, r, a, f.route("GET", r.target, ""))
		} else {
			t.Fatalf("connection %d after accept errors was not answered", i+1)
		}
		select {
		case err := <-served:
			t.Fatalf("Serve returned %v after accept errors; it must retry", err)
		default:
		}
	}
	if n := ln.failed.Load(); n < 12 {
		t.Fatalf("%d accept errors injected, want at least 12", n)
	}
	shutdown(t, srv, served)
}

// failingListener fails four times before each accepted connection.
type failingListener struct {
	net.Listener
	calls, failed atomic.Int64
}

var acceptFaults = []syscall.Errno{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ECONNABORTED}

func (l *failingListener) Accept() (net.Conn, error) {
	if n := l.calls.Add(1); n%5 != 0 {
		l.failed.Add(1)
		return nil, &net.OpError{Op: "accept", Net: "tcp", Addr: l.Addr(), Err: os.NewSyscallError("accept4", acceptFaults[n%5-1])}
	}
	return l.Listener.Accept()
}
