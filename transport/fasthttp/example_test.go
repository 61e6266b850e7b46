package fasthttp_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	hlfasthttp "github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/valyala/fasthttp"
)

// A health server of its own, on a port found by the binder.
func ExampleServer() {
	h := core.New(core.Options{Service: "bot"})
	if err := h.Start(context.Background()); err != nil {
		panic(err)
	}
	defer h.Stop()

	ln, err := transport.Listen(context.Background(), transport.Config{
		Addr: "127.0.0.1", Ports: []int{0}, Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		panic(err)
	}
	srv := &hlfasthttp.Server{Health: h} // hardened defaults
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	status, body, err := fasthttp.Get(nil, "http://"+ln.Addr().String()+"/livez")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d %s\n", status, body)

	srv.Shutdown(context.Background())
	fmt.Println("Serve returned", <-done)
	// Output:
	// 200 ok
	// Serve returned <nil>
}

// Probes answered by the event loop (on Linux; elsewhere fasthttp answers
// them): a kept-alive probe costs one read and one write, and a request
// the loop does not answer itself, here a POST, is handed to fasthttp on
// the same connection.
func ExampleServer_eventLoop() {
	h := core.New(core.Options{Service: "bot"})
	if err := h.Start(context.Background()); err != nil {
		panic(err)
	}
	defer h.Stop()

	ln, err := transport.Listen(context.Background(), transport.Config{
		Addr: "127.0.0.1", Ports: []int{0}, Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		panic(err)
	}
	srv := &hlfasthttp.Server{Health: h, EventLoop: true, Logger: slog.New(slog.DiscardHandler)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	c := &fasthttp.HostClient{Addr: ln.Addr().String()}
	for _, method := range []string{"GET", "HEAD", "POST"} {
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		req.Header.SetMethod(method)
		req.SetRequestURI("http://" + ln.Addr().String() + "/livez")
		if err := c.Do(req, resp); err != nil {
			panic(err)
		}
		fmt.Printf("%s %d %q\n", method, resp.StatusCode(), resp.Body())
		fasthttp.ReleaseRequest(req)
		fasthttp.ReleaseResponse(resp)
	}

	srv.Shutdown(context.Background())
	fmt.Println("Serve returned", <-done)
	// Output:
	// GET 200 "ok"
	// HEAD 200 ""
	// POST 405 "405 method not allowed\n"
	// Serve returned <nil>
}

// Mount the endpoints in a fasthttp server of your own.
func ExampleNewHandler() {
	h := core.New(core.Options{})
	if err := h.Start(context.Background()); err != nil {
		panic(err)
	}
	defer h.Stop()
	health := hlfasthttp.NewHandler(h)

	handler := func(ctx *fasthttp.RequestCtx) {
		switch string(ctx.Path()) {
		case "/healthz", "/livez", "/readyz", "/health", "/metrics":
			health(ctx)
		default:
			ctx.SetBodyString("the application")
		}
	}

	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI("/readyz")
	handler(&ctx)
	fmt.Printf("%d %s %s\n", ctx.Response.StatusCode(), ctx.Response.Header.ContentType(), ctx.Response.Body())
	// Output:
	// 200 text/plain; charset=utf-8 ok
}

// Mount the whole subtree under /ops/ in a fasthttp server of your own,
// without rewriting the URI.
func ExampleNewHandler_prefix() {
	h := core.New(core.Options{})
	db, _ := h.Reporter("db", core.GroupReady)
	db.Set(core.StatusPass, "connected")
	if err := h.Start(context.Background()); err != nil {
		panic(err)
	}
	defer h.Stop()
	ops := hlfasthttp.NewHandler(h, transport.WithPrefix("/ops"))

	handler := func(ctx *fasthttp.RequestCtx) {
		if bytes.HasPrefix(ctx.Path(), []byte("/ops/")) {
			ops(ctx)
			return
		}
		ctx.SetBodyString("the application")
	}

	for _, path := range []string{"/ops/readyz", "/ops/readyz/db", "/ops/livez/db", "/ops/readyz/nope"} {
		var ctx fasthttp.RequestCtx
		ctx.Request.SetRequestURI(path)
		handler(&ctx)
		fmt.Printf("%s %d %s\n", path, ctx.Response.StatusCode(), bytes.TrimSpace(ctx.Response.Body()))
	}
	// Output:
	// /ops/readyz 200 ok
	// /ops/readyz/db 200 ok
	// /ops/livez/db 404 db is not in the live group
	// /ops/readyz/nope 404 no check named nope
}
