// Command healthlite-loop is healthlite-fasthttp with the event loop
// (transport/fasthttp's Server.EventLoop): probes answered by one epoll loop,
// everything else, gRPC included, handed to fasthttp; see package
// benchserver for what it runs.
package main

import (
	"github.com/healthlite/healthlite/bench/internal/benchserver"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

func main() {
	benchserver.Main("healthlite-loop", func(h *core.Health) benchserver.Server {
		return &fasthttp.Server{Health: h, GRPC: &grpchealth.Server{}, EventLoop: true}
	})
}
