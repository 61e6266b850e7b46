package transport

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"
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
		waitFor(t, "the connection is counted", func() bool { l, _, _, _ := g.set.counts(); return l == min(i+1, 3) })
	}
	clients[0].SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := clients[0].Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("the oldest idle client reads %v, want EOF: its connection closed", err)
	}
	for _, c := range clients[1:] {
		c.Close()
	}
	waitFor(t, "every place is given back", func() bool { l, _, _, _ := g.set.counts(); return l == 0 })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
