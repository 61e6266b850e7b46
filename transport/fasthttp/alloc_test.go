//go:build !race

package fasthttp

import (
	"testing"

	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestServeAllocatesNothing serves every kind of probe through a real
// RequestCtx, as fasthttp's worker does, and requires 0 allocations once
// buffers have grown.
func TestServeAllocatesNothing(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	serveH := NewHandler(h)
	for _, p := range probes {
		ctx := newCtx(p.method, p.uri)
		serveH(ctx) // grow buffers
		if n := testing.AllocsPerRun(200, func() {
			ctx.Response.Reset()
			serveH(ctx)
		}); n != 0 {
			t.Errorf("%s %s: %v allocs per request, want 0", p.method, p.uri, n)
		}
	}
}

// TestServePrefixedAllocatesNothing: a handler mounted under a prefix
// strips it without allocating.
func TestServePrefixedAllocatesNothing(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	serveH := NewHandler(h, transport.WithPrefix("/ops"))
	for _, uri := range []string{"/ops/readyz", "/ops/health?verbose", "/ops/livez/nope", "/readyz"} {
		ctx := newCtx("GET", uri)
		serveH(ctx)
		if n := testing.AllocsPerRun(200, func() {
			ctx.Response.Reset()
			serveH(ctx)
		}); n != 0 {
			t.Errorf("GET %s: %v allocs per request, want 0", uri, n)
		}
	}
}
