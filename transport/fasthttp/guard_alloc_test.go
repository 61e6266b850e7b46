//go:build !race

package fasthttp

import (
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestGuardAllocatesNothing serves probes through guard, as Server does:
// its checks must keep the probe path at 0 allocations.
func TestGuardAllocatesNothing(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	serveH := guard(NewHandler(h))
	for _, p := range probes {
		ctx := newCtx(p.method, p.uri)
		serveH(ctx) // grow buffers
		if code := ctx.Response.StatusCode(); code >= 500 && code != 503 || code == 400 || code == 413 {
			t.Fatalf("%s %s: guard refused a probe with %d", p.method, p.uri, code)
		}
		if n := testing.AllocsPerRun(200, func() {
			ctx.Response.Reset()
			serveH(ctx)
		}); n != 0 {
			t.Errorf("%s %s: %v allocs per request through guard, want 0", p.method, p.uri, n)
		}
	}
}
