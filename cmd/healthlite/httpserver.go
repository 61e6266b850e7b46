package main

import (
	"context"
	"log/slog"
	"net"

	"github.com/healthlite/healthlite/core"
	fasthttptransport "github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/healthlite/healthlite/transport/stdlib"
)

// httpServer is what both transports provide.
type httpServer interface {
	Serve(ln net.Listener) error
	Shutdown(ctx context.Context) error
}

// newHTTPServer returns the chosen transport's server for h, serving gRPC
// health on the same listener unless --grpc=false.
func newHTTPServer(cfg *serveConfig, h *core.Health, log *slog.Logger) httpServer {
	var g *grpchealth.Server
	if cfg.grpc {
		g = &grpchealth.Server{Health: h, UnavailableWhenNotServing: cfg.grpcUnavail}
	}
	if cfg.transport == "stdlib" {
		return &stdlib.Server{Health: h, Logger: log, GRPC: g}
	}
	return &fasthttptransport.Server{Health: h, Logger: log, GRPC: g}
}
