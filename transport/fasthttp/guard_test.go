package fasthttp

import (
	"net/url"
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
	"github.com/valyala/fasthttp"
)

// FuzzValidEscapes checks validEscapes against net/url, whose verdict on a
// request target's %-escapes is what net/http (and so the stdlib
// transport) answers 400 to.
func FuzzValidEscapes(f *testing.F) {
	for _, s := range []string{"/health", "/a%20b", "/%zz", "/%", "/%4", "/%41%", "%%", "/?q=%e2%82%ac", "/%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := url.PathUnescape(s)
		if got, want := validEscapes([]byte(s)), err == nil; got != want {
			t.Fatalf("validEscapes(%q) = %v, net/url says %v (%v)", s, got, want, err)
		}
	})
}

// BenchmarkGuard is the cost guard adds to a probe served through a real
// RequestCtx, next to the handler alone.
func BenchmarkGuard(b *testing.B) {
	h := transporttest.NewBenchHealth(b)
	serveH := NewHandler(h)
	for _, bc := range []struct {
		name string
		fn   func(ctx *fasthttp.RequestCtx)
	}{{"handler", serveH}, {"guarded", guard(serveH)}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := newCtx("GET", "/readyz/db?verbose")
			bc.fn(ctx)
			if code := ctx.Response.StatusCode(); code != 200 {
				b.Fatalf("status %d, want 200", code)
			}
			b.ReportAllocs()
			for b.Loop() {
				ctx.Response.Reset()
				bc.fn(ctx)
			}
		})
	}
}
