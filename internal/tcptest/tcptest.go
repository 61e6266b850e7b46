// Package tcptest provides loopback TCP servers and ports for tests, as
// net/http/httptest does for HTTP: a listener that accepts and closes, holds
// or answers each connection, and ports that nothing listens on, so that
// tests of dialing code need not write the accept loop again. Dial is the
// client's side: a connection, or the test fails.
package tcptest

import (
	"errors"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Serve listens on 127.0.0.1:0 and returns the address, "127.0.0.1:PORT".
// It accepts connections in a goroutine of its own and calls handle with each,
// one at a time, so handle should return soon; handle decides what the server
// does with the connection: close it (Close), keep it open and silent (Hold),
// or write to it first. When the test ends, the listener is closed, the
// goroutine has returned and every accepted connection is closed, so a test
// needs no cleanup of its own and a held connection lasts the whole test.
func Serve(tb testing.TB, handle func(net.Conn)) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var conns []net.Conn // written by the goroutine, read after done
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
			handle(c)
		}
	}()
	tb.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// Close is a handle for Serve that closes each connection at once: a port
// that is open and accepts, for checks that only dial.
func Close(c net.Conn) { c.Close() }

// Hold is a handle for Serve that keeps each connection open and says
// nothing until the test ends: a server that accepts but never answers, for
// tests of timeouts.
func Hold(net.Conn) {}

// FreePort returns a loopback port that was free a moment ago, for a test
// that needs a port to be refused or to hand to a process that binds it.
// Another process may take it in the meantime; tests accept that race.
func FreePort(tb testing.TB) int {
	tb.Helper()
	return FreePorts(tb, 1)[0]
}

// FreePorts returns n distinct loopback ports that were free a moment ago,
// as FreePort does: each is held until all are chosen, so they differ.
func FreePorts(tb testing.TB, n int) []int {
	tb.Helper()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// FreeAddr returns "127.0.0.1:PORT" with a port from FreePort, for tests
// that take an address rather than a port.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(FreePort(tb)))
}

// Dial connects to addr over TCP, giving up after 10 seconds, and fails the
// test when it cannot. The caller closes the connection.
func Dial(tb testing.TB, addr string) net.Conn {
	tb.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// DialIdle opens up to n connections to addr, as an abusive client would,
// and never reads from them; every other one asks for the smallest receive
// window the kernel allows (a slow reader). Should this process run out of
// descriptors once 1000 are open, it stops there: enough to show what a
// server does. It returns the connections, which are closed when the test
// ends; any other dial error fails the test.
func DialIdle(tb testing.TB, addr string, n int) []net.Conn {
	tb.Helper()
	var conns []net.Conn
	tb.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for i := range n {
		c, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			if len(conns) >= 1000 && errors.Is(err, syscall.EMFILE) {
				break
			}
			tb.Fatalf("after %d connections: %v", i, err)
		}
		if tc, ok := c.(*net.TCPConn); ok && i%2 == 0 {
			tc.SetReadBuffer(1)
		}
		conns = append(conns, c)
	}
	return conns
}
