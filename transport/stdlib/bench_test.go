package stdlib_test

import (
	"context"
	"net"
	"net/http"
	"runtime"
	"testing"

	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/stdlib"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// serveBare starts a bare net/http server on a loopback port and returns
// its address.
func serveBare(tb testing.TB, srv *http.Server) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Shutdown(context.Background()) })
	return ln.Addr().String()
}

// floorBody is what the bare net/http handler answers: the size of /healthz.
var floorBody = []byte("ok")

// serveFloor starts a bare net/http server, configured as stdlib.Server
// configures it, whose handler writes a fixed body with a Content-Type:
// what net/http costs at the least.
func serveFloor(tb testing.TB) string {
	return serveBare(tb, &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = textPlain
			w.Write(floorBody)
		}),
		ReadHeaderTimeout: transport.DefaultReadHeaderTimeout,
		ReadTimeout:       transport.DefaultReadTimeout,
		WriteTimeout:      transport.DefaultWriteTimeout,
		IdleTimeout:       transport.DefaultIdleTimeout,
		MaxHeaderBytes:    transport.DefaultMaxHeaderBytes,
	})
}

var textPlain = []string{"text/plain; charset=utf-8"}

// targets are the requests measured: snapshot bodies, and bodies rendered
// per request into the scratch buffer.
var targets = []string{"/healthz", "/health", "/health?verbose", "/readyz?verbose", "/readyz?exclude=queue", "/readyz/db?verbose", "/metrics?format=prometheus"}

// TestAllocsWithinNetHTTPFloor serves over real loopback connections and
// requires each healthlite answer to cost no more allocations than a bare
// net/http handler writing a fixed body.
func TestAllocsWithinNetHTTPFloor(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	floorRT := transporttest.NewRoundTripper(t, serveFloor(t), "/")
	floorRT.RoundTrip(t)
	floor := allocsPerRequest(1000, func() { floorRT.RoundTrip(t) })
	addr := transporttest.Serve(t, &stdlib.Server{Health: transporttest.NewBenchHealth(t)})
	for _, target := range targets {
		rt := transporttest.NewRoundTripper(t, addr, target)
		rt.RoundTrip(t)
		// Half an allocation of slack absorbs the runtime's own rare
		// allocations; one more allocation per request does not fit in it.
		if n := allocsPerRequest(1000, func() { rt.RoundTrip(t) }); n > floor+0.5 {
			t.Errorf("%s: %.2f allocs per request, net/http's floor is %.2f", target, n, floor)
		} else {
			t.Logf("%s: %.2f allocs per request, net/http's floor is %.2f", target, n, floor)
		}
	}
}

// allocsPerRequest is testing.AllocsPerRun without rounding down: the
// average number of allocations, in the whole process, of one call of f.
func allocsPerRequest(runs int, f func()) float64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(runs)
}

// BenchmarkServe serves over a real loopback connection, one request at a
// time: a bare net/http handler (the floor) and healthlite's endpoints.
func BenchmarkServe(b *testing.B) {
	b.Run("net-http-floor", func(b *testing.B) {
		transporttest.NewRoundTripper(b, serveFloor(b), "/").Bench(b)
	})
	addr := transporttest.Serve(b, &stdlib.Server{Health: transporttest.NewBenchHealth(b)})
	for _, target := range targets {
		b.Run(target, func(b *testing.B) {
			transporttest.NewRoundTripper(b, addr, target).Bench(b)
		})
	}
}
