package main

import (
	"context"
	"log/slog"
	"net"
	"strconv"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
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
	maxConns := connCap(cfg, transport.FileLimit(), log)
	var g *grpchealth.Server
	if cfg.grpc {
		g = &grpchealth.Server{Health: h, UnavailableWhenNotServing: cfg.grpcUnavail}
	}
	if cfg.transport == "stdlib" {
		return &stdlib.Server{Health: h, Logger: log, MaxConns: maxConns, GRPC: g, TLS: cfg.tls.config, Token: cfg.tls.token}
	}
	return &fasthttptransport.Server{Health: h, Logger: log, MaxConns: maxConns, GRPC: g, TLS: cfg.tls.config, Token: cfg.tls.token,
		EventLoop: cfg.transport == "loop"}
}

// filesPerCheck is how many descriptors the connection cap leaves for each
// active check, beyond transport.DefaultReservedFiles: an exec check's
// three pipes and /dev/null, an http check's socket and its DNS query, a
// wasm check's own connections.
const filesPerCheck = 8

// connCap returns the HTTP connection cap: --max-conns, or by default the
// open file limit less a reserve for everything else serve opens, which
// grows with the checks. A --max-conns that eats into that reserve is
// kept, with a warning.
func connCap(cfg *serveConfig, limit int, log *slog.Logger) int {
	reserve := transport.DefaultReservedFiles + filesPerCheck*len(cfg.checks)
	auto := transport.DefaultMaxConns(limit, reserve)
	if cfg.maxConns == 0 {
		return auto
	}
	if limit > 0 && cfg.maxConns > auto {
		log.Warn("--max-conns " + strconv.Itoa(cfg.maxConns) + " leaves fewer than " + strconv.Itoa(reserve) +
			" of the open file limit " + strconv.Itoa(limit) + " to the checks: they may fail during a flood of connections (auto would be " + strconv.Itoa(auto) + ")")
	}
	return cfg.maxConns
}
