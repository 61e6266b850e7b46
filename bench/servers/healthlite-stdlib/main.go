// Command healthlite-stdlib is healthlite in the load benchmark served by
// transport/stdlib (net/http) with its default (hardened) settings; see
// package benchserver for what it runs.
package main

import (
	"github.com/healthlite/healthlite/bench/internal/benchserver"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/stdlib"
)

func main() {
	benchserver.Main("healthlite-stdlib", func(h *core.Health) benchserver.Server {
		return &stdlib.Server{Health: h}
	})
}
