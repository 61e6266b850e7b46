// Package servercmd is the command line every server of the load benchmark
// shares, healthlite and its peers alike: the -port and -debug flags the
// runner passes, the runstats side port, a listener on 127.0.0.1, and one
// line on stderr, prefixed by the server's name, when something fails.
package servercmd

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/healthlite/healthlite/bench/internal/runstats"
)

// Main is a bench server's main: it reads the flags, starts the runstats
// side port and listens on 127.0.0.1:port, exiting 2 when one of them
// fails; then it serves the listener with serve, exiting 1 when serve
// returns an error.
func Main(name string, serve func(ln net.Listener) error) {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	ln, err := Listen(*port, *debug)
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(2)
	}
	if err := serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// Listen starts the runstats side port on debug (none when it is empty)
// and listens on 127.0.0.1:port.
func Listen(port int, debug string) (net.Listener, error) {
	if err := runstats.Serve(debug); err != nil {
		return nil, err
	}
	return net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
}
