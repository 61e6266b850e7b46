//go:build linux

package fasthttp

import (
	"sync"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestLoopServesProbesItself checks that kept-alive probes stay on the
// loop (no fasthttp goroutine serves their connections) and that the
// first request that is not a probe hands its connection to fasthttp.
func TestLoopServesProbesItself(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h})
	cs := make([]*loopClient, 8)
	for i := range cs {
		cs[i] = dialLoop(t, addr)
		cs[i].probe(t, h, "/livez")
		cs[i].send(t, "HEAD /readyz?verbose HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n")
		cs[i].check(t, h, "HEAD", "/readyz?verbose")
	}
	if n := handedReaders(); n != 0 {
		t.Fatalf("fasthttp serves %d of 8 connections that sent probes alone, want none", n)
	}
	cs[0].send(t, "GET /livez HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n")
	cs[0].check(t, h, "GET", "/livez")
	coretest.WaitUntil(t, loopWait, "fasthttp to serve the connection that sent HTTP/1.0", func() bool { return handedReaders() == 1 })
	cs[0].probe(t, h, "/healthz")
}

// TestLoopHandoffKeepsOrder pipelines probes, a POST with a body and
// probes in one write: the loop answers the first probes, hands the
// connection to fasthttp at the POST with the bytes it read and the
// answers it has not written, and every answer comes in order.
func TestLoopHandoffKeepsOrder(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h})
	c := dialLoop(t, addr)
	c.probe(t, h, "/livez")
	reqs := []struct{ method, target, extra string }{
		{"GET", "/livez", ""},
		{"HEAD", "/readyz?verbose", ""},
		{"GET", "/healthz?verbose", ""},
		{"GET", "/echo?first", ""},
		{"POST", "/echo?post", "Content-Length: 5\r\n\r\nhello"},
		{"GET", "/livez", ""},
		{"GET", "/echo?after", ""},
		{"HEAD", "/livez", ""},
		{"GET", "/readyz", ""},
	}
	var raw string
	for _, r := range reqs {
		raw += r.method + " " + r.target + " HTTP/1.1\r\nHost: localhost\r\n"
		if r.extra != "" {
			raw += r.extra
		} else {
			raw += "\r\n"
		}
	}
	c.send(t, raw)
	for _, r := range reqs {
		c.check(t, h, r.method, r.target)
	}
	c.probe(t, h, "/livez")
}

// TestLoopHandoffAfterPartialRead hands connections over with the start
// of a request read, and the rest sent later: a custom handler's request
// the loop held until it was whole, and a body cut short.
func TestLoopHandoffAfterPartialRead(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h})

	c := dialLoop(t, addr)
	c.send(t, "GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\nGET /echo?x HTTP/1.1\r\nHo")
	c.check(t, h, "GET", "/livez")
	readsAll(t, c)
	c.send(t, "st: localhost\r\n\r\nGET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n")
	c.check(t, h, "GET", "/echo?x")
	c.check(t, h, "GET", "/readyz")

	c = dialLoop(t, addr)
	c.send(t, "GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\nPOST /echo?y HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nab")
	c.check(t, h, "GET", "/livez")
	readsAll(t, c)
	c.send(t, "cGET /echo?z HTTP/1.1\r\nHost: localhost\r\n\r\n")
	c.check(t, h, "POST", "/echo?y")
	c.check(t, h, "GET", "/echo?z")
}

// TestLoopNeverRunsCustomHandlers serves a custom handler that blocks:
// its connection goes to fasthttp, and meanwhile the loop answers other
// connections' probes.
func TestLoopNeverRunsCustomHandlers(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	entered, release := make(chan struct{}, 1), make(chan struct{})
	h.Handle("/block", func(_ *core.Request, resp *core.Response) {
		entered <- struct{}{}
		<-release
		resp.ContentType = "text/plain"
		resp.Body = []byte("released\n")
	})
	addr, _ := serveLoop(t, &Server{Health: h})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free) // before the server's shutdown

	blocked := dialLoop(t, addr)
	blocked.send(t, "GET /block HTTP/1.1\r\nHost: localhost\r\n\r\n")
	select {
	case <-entered:
	case <-time.After(loopWait):
		t.Fatal("the custom handler was not called")
	}
	for range 3 {
		c := dialLoop(t, addr)
		c.probe(t, h, "/livez")
		c.probe(t, h, "/readyz?verbose")
	}
	if n := handedReaders(); n != 0 {
		t.Fatalf("fasthttp serves %d of the 3 connections that sent probes alone, want none", n)
	}
	free()
	r, body := blocked.answer(t, "GET")
	if r.StatusCode != 200 || body != "released\n" {
		t.Fatalf("GET /block: %d %q, want 200 \"released\\n\"", r.StatusCode, body)
	}
	coretest.WaitUntil(t, loopWait, "fasthttp to wait for the next request on the connection it serves", func() bool { return handedReaders() == 1 })
}
