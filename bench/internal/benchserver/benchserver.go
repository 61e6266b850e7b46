// Package benchserver is healthlite in the load benchmark, whichever
// transport serves it: a Health with one registered check (run by the
// scheduler, never on the probe path), served by a transport with its
// default (hardened) settings, as an embedding service would run it. The
// healthlite-fasthttp and healthlite-stdlib servers differ only in the
// transport they pass to Main, so the benchmark compares transports and
// nothing else.
package benchserver

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/healthlite/healthlite/bench/internal/runstats"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// Server is what both healthlite transports' Server types provide.
type Server interface {
	Serve(ln net.Listener) error
	Shutdown(ctx context.Context) error
}

// Main is a bench server's main: it reads the -port and -debug flags the
// load runner passes, serves until SIGINT or SIGTERM, and exits 1 with a
// line prefixed by name on error. newServer wraps the Health in a
// transport.
func Main(name string, newServer func(*core.Health) Server) {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *port, *debug, newServer); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// run serves until ctx is done, then shuts the transport down (waiting at
// most 2s for requests in flight).
func run(ctx context.Context, port int, debug string, newServer func(*core.Health) Server) error {
	if err := runstats.Serve(debug); err != nil {
		return err
	}
	h := core.New(core.Options{Service: "bench", PID: os.Getpid()})
	err := h.Register(core.CheckConfig{
		Name:  "self",
		Check: core.CheckFunc(func(_ context.Context, r *core.Result) { r.Status = core.StatusPass }),
	})
	if err != nil {
		return err
	}
	if err := h.Start(ctx); err != nil {
		return err
	}
	defer h.Stop()
	// The binary's listener (no TCP keep-alive probes), not net.Listen's.
	ln, err := transport.Listen(ctx, transport.Config{Addr: "127.0.0.1", Ports: []int{port}})
	if err != nil {
		return err
	}
	srv := newServer(h)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	return srv.Serve(ln)
}
