// Command grpc-go-health is the gRPC peer of the load benchmark: grpc-go's
// own health server (health.NewServer, every service SERVING), as most Go
// services serve grpc.health.v1, answering Check over h2c.
package main

import (
	"net"

	"github.com/healthlite/healthlite/bench/internal/servercmd"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	servercmd.Main("grpc-go-health", func(ln net.Listener) error {
		srv := grpc.NewServer()
		healthgrpc.RegisterHealthServer(srv, health.NewServer())
		return srv.Serve(ln)
	})
}
