package fasthttp

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core"
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
		transporttest.NewRoundTripper(b, addr, "/").Bench(b)
	})
	h := transporttest.NewBenchHealth(b)
	addr := serveBench(b, NewHandler(h))
	for _, target := range []string{"/healthz", "/health", "/health?verbose", "/readyz?verbose", "/readyz?exclude=queue", "/readyz/db?verbose", "/metrics?format=prometheus"} {
		b.Run(target, func(b *testing.B) {
			transporttest.NewRoundTripper(b, addr, target).Bench(b)
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

// BenchmarkManyExcludes is issue 19's amplification case over a real
// connection: /readyz with 560 exclude parameters that match none of 300
// flags, next to a plain /readyz. The query is parsed once into a bitmask,
// so the difference is the cost of reading the longer request.
func BenchmarkManyExcludes(b *testing.B) {
	h := core.New(core.Options{})
	for i := range 300 {
		if _, err := h.Flag("flag_"+strconv.Itoa(i), true); err != nil {
			b.Fatal(err)
		}
	}
	var q strings.Builder
	for i := range 560 {
		if i > 0 {
			q.WriteByte('&')
		}
		q.WriteString("exclude=a" + strconv.Itoa(i))
	}
	addr := transporttest.Serve(b, &Server{Health: h}) // its 8 KiB header limit takes the long query
	for _, target := range []string{"/readyz", "/readyz?" + q.String()} {
		b.Run(strconv.Itoa(strings.Count(target, "exclude="))+"-excludes", func(b *testing.B) {
			transporttest.NewRoundTripper(b, addr, target).Bench(b)
		})
	}
}
