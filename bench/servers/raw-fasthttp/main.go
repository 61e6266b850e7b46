// Command raw-fasthttp is the fasthttp floor of the load benchmark: a tuned
// handler that answers every request with a fixed body and nothing else (no
// Server, Date or Content-Type header), so it measures what fasthttp itself
// costs per request.
package main

import (
	"net"

	"github.com/healthlite/healthlite/bench/internal/servercmd"
	"github.com/valyala/fasthttp"
)

var body = []byte("ok")

func main() {
	servercmd.Main("raw-fasthttp", func(ln net.Listener) error {
		srv := &fasthttp.Server{
			Handler:               func(ctx *fasthttp.RequestCtx) { ctx.Response.SetBodyRaw(body) },
			NoDefaultServerHeader: true,
			NoDefaultDate:         true,
			NoDefaultContentType:  true,
		}
		return srv.Serve(ln)
	})
}
