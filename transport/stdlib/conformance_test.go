package stdlib_test

import (
	"testing"

	"github.com/healthlite/healthlite/transport/stdlib"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// newServer is the transport's server with its hardened defaults, but for
// what a suite asks for.
func newServer(cfg transporttest.Config) transporttest.Server {
	return &stdlib.Server{
		Health:            cfg.Health,
		Logger:            cfg.Logger,
		ReadHeaderTimeout: cfg.HeaderTimeout,
		ReadTimeout:       cfg.HeaderTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		GRPC:              cfg.GRPC,
		TLS:               cfg.TLS,
		Token:             cfg.Token,
	}
}

func TestConformance(t *testing.T)     { transporttest.Run(t, newServer) }
func TestConformanceGRPC(t *testing.T) { transporttest.RunGRPC(t, newServer) }
func TestConformanceTLS(t *testing.T)  { transporttest.RunTLS(t, newServer) }
func TestAbuse(t *testing.T)           { transporttest.RunAbuse(t, newServer) }
func FuzzServer(f *testing.F)          { transporttest.FuzzServer(f, newServer) }
