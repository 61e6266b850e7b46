//go:build !race

package fasthttp

import (
	"context"
	"net"
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestKeepAliveAllocatesNothing serves kept-alive requests over a real
// loopback connection through Server, connection cap included (the
// connection is tracked by transport.Guard): 0 allocations per request.
func TestKeepAliveAllocatesNothing(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{Health: h, Logger: transporttest.Logger(t)}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	for _, target := range []string{"/healthz", "/readyz?verbose", "/metrics?format=prometheus"} {
		rt := transporttest.NewRoundTripper(t, ln.Addr().String(), target)
		for i := 0; i < 100; i++ {
			rt.RoundTrip(t) // grow buffers
		}
		if n := testing.AllocsPerRun(500, func() { rt.RoundTrip(t) }); n != 0 {
			t.Errorf("GET %s: %v allocations per kept-alive request, want 0", target, n)
		}
	}
}
