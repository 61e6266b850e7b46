package transport_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"

	"github.com/healthlite/healthlite/transport"
)

func ExampleParsePorts() {
	ports, err := transport.ParsePorts(transport.DefaultPorts)
	fmt.Println(ports, err)
	ports, err = transport.ParsePorts("9090, 8080-8082")
	fmt.Println(ports, err)
	_, err = transport.ParsePorts("8080,abc")
	fmt.Println(err)
	// Output:
	// [8080 8081 8082 8083 8084] <nil>
	// [9090 8080 8081 8082] <nil>
	// healthlite: port list "8080,abc": "abc" is not a port number (want 0-65535 or a range like 8080-8084)
}

// The bot server's story: the first port is taken, so Listen logs the
// WARNING line and binds the next one.
func ExampleListen() {
	busy, err := net.Listen("tcp", "127.0.0.1:0") // another process holds this port
	if err != nil {
		panic(err)
	}
	defer busy.Close()

	ln, err := transport.Listen(context.Background(), transport.Config{
		Addr:   "127.0.0.1",
		Ports:  []int{transport.Port(busy), 0},
		Logger: slog.New(slog.DiscardHandler), // by default slog.Default()
	})
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	fmt.Println("fell back to another port:", transport.Port(ln) != transport.Port(busy))

	// With every port taken, the error is typed: the caller chooses to
	// carry on without a listener or to exit.
	_, err = transport.Listen(context.Background(), transport.Config{
		Addr:   "127.0.0.1",
		Ports:  []int{transport.Port(busy)},
		Logger: slog.New(slog.DiscardHandler),
	})
	var nf *transport.NoFreePortError
	fmt.Println("no free port:", errors.As(err, &nf), len(nf.Tried), "tried")
	// Output:
	// fell back to another port: true
	// no free port: true 1 tried
}
