package transport

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"
)

// BenchmarkAgentConnection is one agent check as HAProxy makes it over
// loopback: connect, read the line until the server closes.
func BenchmarkAgentConnection(b *testing.B) {
	ln, err := ListenAgent(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	line := []byte("up ready 100%\n")
	a := &AgentServer{Reply: func(bool) []byte { return line }}
	go a.Serve(ln)
	defer a.Shutdown()
	buf := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), 10*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := io.ReadFull(c, buf[:len(line)]); n != len(line) {
			b.Fatalf("read %d bytes", n)
		}
		c.Close()
	}
}

// BenchmarkAgentAnswer is the server's side of one connection once
// accepted: pick the line, write it, close.
func BenchmarkAgentAnswer(b *testing.B) {
	line := []byte("up ready 100%\n")
	a := &AgentServer{Reply: func(bool) []byte { return line }}
	c := &countingConn{remote: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}}
	b.ReportAllocs()
	for b.Loop() {
		a.answer(c, time.Second)
	}
}
