package tcptest

import (
	"net"
	"testing"
)

// Accept dials ln's address and accepts the connection through ln, for a
// test of what a listener does to the connections it accepts. It returns
// the client's side and the accepted side; both are closed when the test
// ends.
func Accept(tb testing.TB, ln net.Listener) (client, server net.Conn) {
	tb.Helper()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { client.Close() })
	server, err = ln.Accept()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { server.Close() })
	return client, server
}
