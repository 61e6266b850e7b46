// Command raw-fasthttp is the fasthttp floor of the load benchmark: a tuned
// handler that answers every request with a fixed body and nothing else (no
// Server, Date or Content-Type header), so it measures what fasthttp itself
// costs per request.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/healthlite/healthlite/bench/internal/runstats"
	"github.com/valyala/fasthttp"
)

var body = []byte("ok")

func main() {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	if err := runstats.Serve(*debug); err != nil {
		fmt.Fprintln(os.Stderr, "raw-fasthttp:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "raw-fasthttp:", err)
		os.Exit(2)
	}
	srv := &fasthttp.Server{
		Handler:               func(ctx *fasthttp.RequestCtx) { ctx.Response.SetBodyRaw(body) },
		NoDefaultServerHeader: true,
		NoDefaultDate:         true,
		NoDefaultContentType:  true,
	}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "raw-fasthttp:", err)
		os.Exit(1)
	}
}
