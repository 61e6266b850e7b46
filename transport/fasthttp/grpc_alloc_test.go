//go:build !race

package fasthttp

import (
	"context"
	"net"
	"testing"

	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestKeepAliveAllocatesNothingWithGRPC serves kept-alive HTTP/1.1 probes
// over a real socket from a Server that also serves gRPC on the listener:
// telling the protocols apart happens once per connection, so a request
// still costs 0 allocations, client and server together.
func TestKeepAliveAllocatesNothingWithGRPC(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &Server{Health: h, GRPC: &grpchealth.Server{}}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	for _, target := range []string{"/livez", "/readyz?verbose", "/health"} {
		rt := transporttest.NewRoundTripper(t, ln.Addr().String(), target)
		for i := 0; i < 10; i++ {
			rt.RoundTrip(t)
		}
		if n := testing.AllocsPerRun(500, func() { rt.RoundTrip(t) }); n != 0 {
			t.Errorf("GET %s: %v allocs per kept-alive request, want 0", target, n)
		}
	}
}
