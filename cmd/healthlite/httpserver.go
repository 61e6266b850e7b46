package main

import (
	"context"
	"log/slog"
	"net"

	"github.com/healthlite/healthlite/core"
	fasthttptransport "github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/stdlib"
)

// httpServer is what both transports provide.
type httpServer interface {
	Serve(ln net.Listener) error
	Shutdown(ctx context.Context) error
}

// newHTTPServer returns the chosen transport's server for h.
func newHTTPServer(name string, h *core.Health, log *slog.Logger) httpServer {
	if name == "stdlib" {
		return &stdlib.Server{Health: h, Logger: log}
	}
	return &fasthttptransport.Server{Health: h, Logger: log}
}
