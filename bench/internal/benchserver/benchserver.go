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
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/healthlite/healthlite/bench/internal/servercmd"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// Server is what both healthlite transports' Server types provide.
type Server interface {
	Serve(ln net.Listener) error
	Shutdown(ctx context.Context) error
}

// Main is a bench server's main (see servercmd.Main): it serves until
// SIGINT or SIGTERM. newServer wraps the Health in a transport. It binds
// with the binary's listener (transport.Listen: no TCP keep-alive
// probes), not net.Listen's.
func Main(name string, newServer func(*core.Health) Server) {
	servercmd.MainWith(name, listen, func(ln net.Listener) error {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return run(ctx, ln, newServer)
	})
}

// run serves ln until ctx is done, then shuts the transport down (waiting
// at most 2s for requests in flight).
func run(ctx context.Context, ln net.Listener, newServer func(*core.Health) Server) error {
	h := core.New(core.Options{Service: "bench", PID: os.Getpid()})
	err := h.Register(core.CheckConfig{
		Name:  "self",
		Check: core.CheckFunc(func(_ context.Context, r *core.Result) { r.Status = core.StatusPass }),
	})
	if err == nil {
		err = h.Start(ctx)
	}
	if err != nil {
		ln.Close()
		return err
	}
	defer h.Stop()
	srv := newServer(h)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	return srv.Serve(ln)
}

// listen binds 127.0.0.1:port as the healthlite binary does.
func listen(port int) (net.Listener, error) {
	return transport.Listen(context.Background(), transport.Config{Addr: "127.0.0.1", Ports: []int{port}})
}
