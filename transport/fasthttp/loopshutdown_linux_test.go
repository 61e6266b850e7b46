//go:build linux

package fasthttp

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestLoopShutdownFinishesRequestsInFlight shuts the server down while a
// kept-alive connection of the loop has a request half read and another
// is idle: the idle one is closed at once, the request is answered with
// Connection: close and its connection closed (a request pipelined after
// it is not answered), and Shutdown and Serve return nil.
func TestLoopShutdownFinishesRequestsInFlight(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	s := &Server{Health: h, ReadHeaderTimeout: loopLong, ReadTimeout: loopLong, IdleTimeout: loopLong}
	addr, served := serveLoop(t, s)
	busy, idle := dialLoop(t, addr), dialLoop(t, addr)
	busy.probe(t, h, "/livez")
	idle.probe(t, h, "/livez")
	busy.send(t, "GET /readyz?verbose HTTP/1.1\r\nHost: localhost\r\n")
	readsAll(t, busy)

	ctx, cancel := context.WithTimeout(context.Background(), loopWait)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- s.Shutdown(ctx) }()
	idle.closed(t)
	coretest.WaitUntil(t, loopWait, "the listening socket to close", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned %v with a request in flight", err)
	default:
	}
	// The end of the request, and one more that must go unanswered.
	busy.send(t, "\r\nGET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n")
	r, body := busy.answer(t, "GET")
	want := route(h, "GET", "/readyz?verbose")
	if r.StatusCode != want.Status || body != string(want.Body) || !r.Close {
		t.Errorf("the request in flight: %d %q, close %v; want %d %q, close", r.StatusCode, body, r.Close, want.Status, want.Body)
	}
	busy.closed(t)
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := served(); err != nil {
		t.Errorf("Serve returned %v after Shutdown, want nil", err)
	}
}

// TestLoopShutdownContextEnds shuts the server down with a context that
// has ended while a request is in flight: Shutdown returns the context's
// error, the connection is closed at once, and Serve returns nil.
func TestLoopShutdownContextEnds(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	s := &Server{Health: h, ReadHeaderTimeout: loopLong, ReadTimeout: loopLong, IdleTimeout: loopLong}
	addr, served := serveLoop(t, s)
	busy := dialLoop(t, addr)
	busy.probe(t, h, "/livez")
	busy.send(t, "GET /readyz?verbose HTTP/1.1\r\nHost: localhost\r\n")
	readsAll(t, busy)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	shut := make(chan error, 1)
	go func() { shut <- s.Shutdown(ctx) }()
	select {
	case err := <-shut:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Shutdown with an ended context: %v, want %v", err, context.Canceled)
		}
	case <-time.After(loopWait):
		t.Fatal("Shutdown with an ended context waits for the request in flight")
	}
	busy.closed(t)
	if err := served(); err != nil {
		t.Errorf("Serve returned %v after Shutdown, want nil", err)
	}
}
