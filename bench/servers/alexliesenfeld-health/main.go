// Command alexliesenfeld-health serves github.com/alexliesenfeld/health, the
// most used Go health library, as its README shows it, with one periodic
// (cached) check, so the load benchmark compares healthlite with what people
// would use instead.
package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/alexliesenfeld/health"
	"github.com/healthlite/healthlite/bench/internal/servercmd"
)

func main() {
	servercmd.Main("alexliesenfeld-health", func(ln net.Listener) error {
		checker := health.NewChecker(
			health.WithPeriodicCheck(10*time.Second, 0, health.Check{
				Name:  "self",
				Check: func(context.Context) error { return nil },
			}),
		)
		mux := http.NewServeMux()
		mux.Handle("/healthz", health.NewHandler(checker))
		return http.Serve(ln, mux)
	})
}
