package transport

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// TestGuardRealSockets caps a real listener at 3 connections: a fourth
// client takes the place of the oldest idle one, whose client sees its
// connection closed, and the count goes back down as clients leave.
func TestGuardRealSockets(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, log := newLog()
	g := NewGuard(raw, GuardConfig{MaxConns: 3, LocalConns: 1, Logger: log})
	defer g.Close()
	go func() {
		for {
			c, err := g.Accept()
			if err != nil {
				return
			}
			go func() { // an idle server: reads until the client goes
				io.Copy(io.Discard, c)
				c.Close()
			}()
		}
	}()
	var clients []net.Conn
	for i := 0; i < 4; i++ {
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients = append(clients, c)
		coretest.WaitFor(t, "the connection is counted", func() bool { l, _, _, _ := g.set.counts(); return l == min(i+1, 3) })
	}
	clients[0].SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := clients[0].Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("the oldest idle client reads %v, want EOF: its connection closed", err)
	}
	for _, c := range clients[1:] {
		c.Close()
	}
	coretest.WaitFor(t, "every place is given back", func() bool { l, _, _, _ := g.set.counts(); return l == 0 })
}

// TestTrackedConnCloseWrite half-closes a tracked connection, as net/http
// does before closing one whose client may still be sending: the client
// reads EOF and can still send.
func TestTrackedConnCloseWrite(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, log := newLog()
	g := NewGuard(raw, GuardConfig{MaxConns: 4, Logger: log})
	defer g.Close()
	client, c := tcptest.Accept(t, g)
	cw, ok := c.(interface{ CloseWrite() error })
	if !ok {
		t.Fatal("a tracked connection has no CloseWrite")
	}
	if err := cw.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	client.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := client.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("client reads %v after CloseWrite, want EOF", err)
	}
	if _, err := client.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(30 * time.Second))
	if n, err := c.Read(make([]byte, 1)); n != 1 {
		t.Fatalf("server reads %d, %v after its CloseWrite, want the client's byte", n, err)
	}
}
