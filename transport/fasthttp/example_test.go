package fasthttp_test

import (
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
