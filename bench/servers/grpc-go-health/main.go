// Command grpc-go-health is the gRPC peer of the load benchmark: grpc-go's
// own health server (health.NewServer, every service SERVING), as most Go
// services serve grpc.health.v1, answering Check over h2c.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/healthlite/healthlite/bench/internal/runstats"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	if err := runstats.Serve(*debug); err != nil {
		fmt.Fprintln(os.Stderr, "grpc-go-health:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "grpc-go-health:", err)
		os.Exit(2)
	}
	srv := grpc.NewServer()
	healthgrpc.RegisterHealthServer(srv, health.NewServer())
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "grpc-go-health:", err)
		os.Exit(1)
	}
}
