// Command healthlite-fasthttp is healthlite in the load benchmark: a Health with
// one registered check (run by the scheduler, never on the probe path),
// served by transport/fasthttp with its default (hardened) settings, as an
// embedding service would run it.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/healthlite/healthlite/bench/internal/runstats"
	"github.com/healthlite/healthlite/core"
	hltransport "github.com/healthlite/healthlite/transport/fasthttp"
)

func main() {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	if err := run(*port, *debug); err != nil {
		fmt.Fprintln(os.Stderr, "healthlite-fasthttp:", err)
		os.Exit(1)
	}
}

func run(port int, debug string) error {
	if err := runstats.Serve(debug); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
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
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return err
	}
	srv := &hltransport.Server{Health: h}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	return srv.Serve(ln)
}
