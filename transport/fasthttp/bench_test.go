package fasthttp

import (
	"net"
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
	"github.com/valyala/fasthttp"
)

// BenchmarkServeHandler serves each probe through a real RequestCtx, as
// fasthttp's worker does, without the network: the cost of healthlite's
// part of a request.
func BenchmarkServeHandler(b *testing.B) {
	h := transporttest.NewBenchHealth(b)
	serveH := NewHandler(h)
	for _, p := range probes {
		b.Run(p.method+" "+p.uri, func(b *testing.B) {
			ctx := newCtx(p.method, p.uri)
			serveH(ctx)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ctx.Response.Reset()
				serveH(ctx)
			}
		})
	}
}

// BenchmarkServe serves over a real loopback connection, one request at a
// time: a bare fasthttp handler writing a fixed body (the floor), then
// healthlite's endpoints.
func BenchmarkServe(b *testing.B) {
	b.Run("fasthttp-floor", func(b *testing.B) {
		addr := serveBench(b, func(ctx *fasthttp.RequestCtx) {
			ctx.SetContentType("text/plain; charset=utf-8")
			ctx.SetBody(floorBody)
		})
		bench(b, transporttest.NewRoundTripper(b, addr, "/"))
	})
	h := transporttest.NewBenchHealth(b)
	addr := serveBench(b, NewHandler(h))
	for _, target := range []string{"/healthz", "/health", "/health?verbose", "/readyz?verbose", "/readyz?exclude=queue", "/readyz/db?verbose", "/metrics?format=prometheus"} {
		b.Run(target, func(b *testing.B) {
			bench(b, transporttest.NewRoundTripper(b, addr, target))
		})
	}
}

var floorBody = []byte("ok")

func serveBench(b *testing.B, handler fasthttp.RequestHandler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &fasthttp.Server{Handler: handler, NoDefaultServerHeader: true}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Shutdown() })
	return ln.Addr().String()
}

func bench(b *testing.B, rt *transporttest.RoundTripper) {
	rt.RoundTrip(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rt.RoundTrip(b)
	}
}
