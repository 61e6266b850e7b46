//go:build !race

package fasthttp

import (
	"testing"

	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestKeepAliveAllocatesNothing serves kept-alive requests over a real
// loopback connection through Server, connection cap included (the
// connection is tracked by transport.Guard): 0 allocations per request,
// client and server together. With gRPC on the same listener, telling the
// protocols apart happens once per connection, so a request still costs
// nothing.
func TestKeepAliveAllocatesNothing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		srv     *Server
		targets []string
	}{
		{"http", &Server{Logger: transporttest.Logger(t)}, []string{"/healthz", "/readyz?verbose", "/metrics?format=prometheus"}},
		{"with-grpc", &Server{GRPC: &grpchealth.Server{}}, []string{"/livez", "/readyz?verbose", "/health"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.srv.Health = transporttest.NewBenchHealth(t)
			addr := transporttest.Serve(t, tc.srv)
			for _, target := range tc.targets {
				rt := transporttest.NewRoundTripper(t, addr, target)
				for i := 0; i < 100; i++ {
					rt.RoundTrip(t) // grow buffers
				}
				if n := testing.AllocsPerRun(500, func() { rt.RoundTrip(t) }); n != 0 {
					t.Errorf("GET %s: %v allocations per kept-alive request, want 0", target, n)
				}
			}
		})
	}
}
