// Command alexliesenfeld-health serves github.com/alexliesenfeld/health, the
// most used Go health library, as its README shows it, with one periodic
// (cached) check, so the load benchmark compares healthlite with what people
// would use instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/alexliesenfeld/health"
	"github.com/healthlite/healthlite/bench/internal/runstats"
)

func main() {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	if err := runstats.Serve(*debug); err != nil {
		fmt.Fprintln(os.Stderr, "alexliesenfeld-health:", err)
		os.Exit(2)
	}
	checker := health.NewChecker(
		health.WithPeriodicCheck(10*time.Second, 0, health.Check{
			Name:  "self",
			Check: func(context.Context) error { return nil },
		}),
	)
	mux := http.NewServeMux()
	mux.Handle("/healthz", health.NewHandler(checker))
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "alexliesenfeld-health:", err)
		os.Exit(2)
	}
	if err := http.Serve(ln, mux); err != nil {
		fmt.Fprintln(os.Stderr, "alexliesenfeld-health:", err)
		os.Exit(1)
	}
}
