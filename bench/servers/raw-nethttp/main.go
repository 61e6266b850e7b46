// Command raw-nethttp is the net/http floor of the load benchmark: a handler
// that writes a fixed body with a preset Content-Type (so net/http does not
// sniff), measuring what net/http itself costs per request.
package main

import (
	"net"
	"net/http"

	"github.com/healthlite/healthlite/bench/internal/servercmd"
)

var (
	body        = []byte("ok")
	contentType = []string{"text/plain; charset=utf-8"}
)

func main() {
	servercmd.Main("raw-nethttp", func(ln net.Listener) error {
		return http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = contentType
			_, _ = w.Write(body)
		}))
	})
}
