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
	MainWith(name, ListenTCP, serve)
}

// MainWith is Main with the listener on 127.0.0.1:port made by listen:
// healthlite's own servers bind through transport.Listen, as the binary
// does, and the peers with ListenTCP.
func MainWith(name string, listen func(port int) (net.Listener, error), serve func(ln net.Listener) error) {
	port := flag.Int("port", 8080, "port to listen on, on 127.0.0.1")
	debug := flag.String("debug", "", "loopback address of the runstats side port; by default off")
	flag.Parse()
	ln, err := Listen(*port, *debug, listen)
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
// and listens on 127.0.0.1:port with listen.
func Listen(port int, debug string, listen func(port int) (net.Listener, error)) (net.Listener, error) {
	if err := runstats.Serve(debug); err != nil {
		return nil, err
	}
	return listen(port)
}

// ListenTCP listens on 127.0.0.1:port with the net package's defaults.
func ListenTCP(port int) (net.Listener, error) {
	return net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
}
