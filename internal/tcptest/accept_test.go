package tcptest_test

import (
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// TestAccept: the two ends Accept returns are one connection, each end's
// bytes reach the other.
func TestAccept(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, server := tcptest.Accept(t, ln)
	if client.LocalAddr().String() != server.RemoteAddr().String() {
		t.Fatalf("client at %v, server's peer %v: not one connection", client.LocalAddr(), server.RemoteAddr())
	}
	for _, ends := range [][2]net.Conn{{client, server}, {server, client}} {
		if _, err := ends[0].Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
		ends[1].SetReadDeadline(time.Now().Add(30 * time.Second))
		if n, err := ends[1].Read(make([]byte, 1)); n != 1 {
			t.Fatalf("read %d, %v; want the byte the other end wrote", n, err)
		}
	}
}
