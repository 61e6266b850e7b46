// Package transporttest is the conformance suite every healthlite transport
// runs against itself, with real sockets on the loopback interface, so that
// all transports answer byte for byte what the core router decides.
//
// A transport's test gives every suite one constructor of its server,
// which sets on it what the suite's Config asks for:
//
//	func newServer(cfg transporttest.Config) transporttest.Server {
//		return &stdlib.Server{Health: cfg.Health, Logger: cfg.Logger, GRPC: cfg.GRPC, ...}
//	}
//
//	func TestConformance(t *testing.T) { transporttest.Run(t, newServer) }
//
// RunGRPC and RunTLS add gRPC health on the same listener and HTTPS.
// RunAbuse is its hostile twin: slowloris, oversized and malformed requests,
// request smuggling, connection storms, 1,000 pipelined requests and 10,000
// idle connections, after each of which the server must still answer. And
// FuzzServer sends fuzzed raw bytes to a real server. Every transport runs
// all of them. For benchmarks, NewBenchHealth and RoundTripper give both
// transports the same workload and the same client.
package transporttest

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

// Server is what the suite needs of a transport's server: serve a listener
// until a graceful shutdown.
type Server interface {
	// Serve answers requests on ln until Shutdown, then returns nil.
	Serve(ln net.Listener) error
	// Shutdown stops accepting, lets requests in flight finish, and returns.
	Shutdown(ctx context.Context) error
}

// Config is what a suite sets on a server it starts; every field left zero
// keeps the transport's hardened default.
type Config struct {
	// Health answers the requests.
	Health *core.Health
	// Logger receives the server's error messages. The abuse suite fails a
	// test when one of them reports a recovered panic or a failed accept.
	Logger *slog.Logger
	// HeaderTimeout bounds reading one request, header and body: set it as
	// both the read-header and the read timeout. The abuse suite uses a
	// short one (a fraction of a second) so that no test waits for the
	// default's seconds, and a long one where connections must stay open.
	HeaderTimeout time.Duration
	// IdleTimeout bounds waiting for the next request on a kept-alive
	// connection.
	IdleTimeout time.Duration
	// GRPC, when set, serves gRPC health on the same listener.
	GRPC *grpchealth.Server
	// TLS, when set, serves HTTPS with it.
	TLS *tls.Config
	// Token, when set, lets a client sending it see details.
	Token *transport.Token
}

// NewServer returns a transport's server configured as cfg says, not yet
// serving.
type NewServer func(cfg Config) Server

// serverFor returns a server answering for h, configured as its suite
// wants: the suites' own tests start servers for Healths of their own.
type serverFor func(h *core.Health) Server

// Run runs the conformance suite as subtests of t. Every subtest checks
// answers against what h.Route decides for the same request: status,
// Content-Type, extra headers, Content-Length and body; and for the
// transport itself: a Date header, no Server header, HEAD without a body,
// 405 with Allow, 404, the strict reading of request targets and header
// names (no path normalisation, the absolute form's authority as the host,
// 400 for a header name with a space), keep-alive over 1000 requests on one connection,
// Connection: close, pipelining, concurrent clients, Accept negotiation on
// /metrics, the size limits, and a graceful shutdown that finishes a request
// in flight (or gives up with the context's error when its context ends),
// and accept errors (EMFILE and the like) waited out, never fatal.
func Run(t *testing.T, newServer NewServer) {
	f := newFixture(t)
	start := func(h *core.Health) Server { return newServer(Config{Health: h, Logger: Logger(t)}) }
	addr := Serve(t, start(f.h))
	t.Run("Endpoints", func(t *testing.T) { testEndpoints(t, f, addr) })
	t.Run("Head", func(t *testing.T) { testHead(t, f, addr) })
	t.Run("MethodNotAllowed", func(t *testing.T) { testMethodNotAllowed(t, f, addr) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, f, addr) })
	t.Run("Strict", func(t *testing.T) { testStrict(t, f, addr) })
	t.Run("KeepAlive", func(t *testing.T) { testKeepAlive(t, f, addr) })
	t.Run("ConnectionClose", func(t *testing.T) { testConnectionClose(t, f, addr) })
	t.Run("Pipelining", func(t *testing.T) { testPipelining(t, f, addr) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, f, addr) })
	t.Run("Limits", func(t *testing.T) { testLimits(t, addr) })
	t.Run("MetricsNegotiation", func(t *testing.T) { testMetrics(t, addr) })
	t.Run("GracefulShutdown", func(t *testing.T) { testGracefulShutdown(t, start) })
	t.Run("ShutdownDeadline", func(t *testing.T) { testShutdownDeadline(t, start) })
	t.Run("ShutdownBeforeServe", func(t *testing.T) { testShutdownBeforeServe(t, start) })
	t.Run("AcceptErrors", func(t *testing.T) { testAcceptErrors(t, f, start) })
}

// Serve starts srv on a loopback port found by the binder, returns its
// address, and shuts it down when tb ends, checking that Shutdown and then
// Serve return nil.
func Serve(tb testing.TB, srv Server) string {
	tb.Helper()
	ln, err := transport.Listen(context.Background(), transport.Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: discardLogger()})
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	tb.Cleanup(func() { shutdown(tb, srv, done) })
	return ln.Addr().String()
}

// shutdown shuts srv down, with 10s for it, and checks that it and then
// Serve (which sends on served) returned nil.
func shutdown(t testing.TB, srv Server, served <-chan error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v after Shutdown, want nil", err)
	}
}
