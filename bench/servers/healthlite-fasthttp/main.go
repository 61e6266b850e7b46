// Command healthlite-fasthttp is healthlite in the load benchmark served by
// transport/fasthttp with its default (hardened) settings and, as the
// binary does, gRPC health on the same port; see package benchserver for
// what it runs.
package main

import (
	"github.com/healthlite/healthlite/bench/internal/benchserver"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

func main() {
	benchserver.Main("healthlite-fasthttp", func(h *core.Health) benchserver.Server {
		return &fasthttp.Server{Health: h, GRPC: &grpchealth.Server{}}
	})
}
