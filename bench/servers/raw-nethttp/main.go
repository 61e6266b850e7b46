// Command raw-nethttp is the net/http floor of the load benchmark: a handler
// that writes a fixed body with a preset Content-Type (so net/http does not
// sniff), measuring what net/http itself costs per request.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"

	"github.com/healthlite/healthlite/bench/internal/runstats"
)

var (
	body        = []byte("ok")
	contentType = []string{"text/plain; charset=utf-8"}
)

func main() {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	if err := runstats.Serve(*debug); err != nil {
		fmt.Fprintln(os.Stderr, "raw-nethttp:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "raw-nethttp:", err)
		os.Exit(2)
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header()["Content-Type"] = contentType
		_, _ = w.Write(body)
	})
	if err := http.Serve(ln, handler); err != nil {
		fmt.Fprintln(os.Stderr, "raw-nethttp:", err)
		os.Exit(1)
	}
}
