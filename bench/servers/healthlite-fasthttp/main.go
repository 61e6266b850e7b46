// Command healthlite-fasthttp is healthlite in the load benchmark served by
// transport/fasthttp with its default (hardened) settings; see package
// benchserver for what it runs.
package main

import (
	"github.com/healthlite/healthlite/bench/internal/benchserver"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/fasthttp"
)

func main() {
	benchserver.Main("healthlite-fasthttp", func(h *core.Health) benchserver.Server {
		return &fasthttp.Server{Health: h}
	})
}
