package transport

import (
	"context"
	"io"
	"net"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// startAgent serves an AgentServer answering "up ready 100%\n" to local
// clients and "remote\n" to others on a loopback port, and returns its
// address.
func startAgent(t *testing.T) (*AgentServer, string) {
	t.Helper()
	_, log := newLog()
	ln, err := ListenAgent(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	a := &AgentServer{Reply: func(local bool) []byte {
		if local {
			return []byte("up ready 100%\n")
		}
		return []byte("remote\n")
	}, Logger: log}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ln) }()
	t.Cleanup(func() {
		a.Shutdown()
		if err := <-done; err != nil {
			t.Errorf("Serve returned %v after Shutdown", err)
		}
	})
	return a, ln.Addr().String()
}

// readAgent connects to addr and reads the whole reply (until the server
// closes), sending nothing.
func readAgent(t *testing.T, addr string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("reading the agent reply: %v", err)
	}
	return string(b)
}

func TestAgentAnswersOneLineAndCloses(t *testing.T) {
	_, addr := startAgent(t)
	for i := 0; i < 3; i++ {
		if got := readAgent(t, addr); got != "up ready 100%\n" {
			t.Fatalf("reply %q", got)
		}
	}
	// A client that sends HAProxy's agent-send text first still gets its line.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("hello\n"))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 64)
	n, _ := io.ReadAtLeast(c, buf, len("up ready 100%\n"))
	if string(buf[:n]) != "up ready 100%\n" {
		t.Errorf("after agent-send text: %q", buf[:n])
	}
}

// TestAgentUnderAbuse opens 10,000 connections that never read and never
// close, then expects a new client to be answered at once, with no
// goroutine or connection held for the idle ones.
func TestAgentUnderAbuse(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 10,000 connections")
	}
	_, addr := startAgent(t)
	base := runtime.NumGoroutine()
	idle := tcptest.DialIdle(t, addr, 10000)
	if got := readAgent(t, addr); got != "up ready 100%\n" {
		t.Fatalf("with %d idle connections: reply %q", len(idle), got)
	}
	if g := runtime.NumGoroutine(); g > base+4 {
		t.Errorf("%d goroutines with %d idle connections, %d before: the server holds them", g, len(idle), base)
	}
	// Every idle connection was answered and closed by the server: each
	// reads its line and then end of file.
	var answered atomic.Int32
	for _, c := range idle[:100] {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if b, err := io.ReadAll(c); err == nil && string(b) == "up ready 100%\n" {
			answered.Add(1)
		}
	}
	if answered.Load() != 100 {
		t.Errorf("%d of the first 100 idle connections read their line and EOF", answered.Load())
	}
}

func TestAgentAnswerAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	line := []byte("up drain\n")
	a := &AgentServer{Reply: func(bool) []byte { return line }}
	c := &countingConn{remote: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}}
	if n := testing.AllocsPerRun(100, func() { a.answer(c, time.Second) }); n != 0 {
		t.Errorf("answer: %v allocations, want 0", n)
	}
	if c.written != len(line)*101 || !c.closed {
		t.Errorf("wrote %d bytes, closed %v", c.written, c.closed)
	}
}

// countingConn counts what answer does to a connection.
type countingConn struct {
	net.Conn
	remote  net.Addr
	written int
	closed  bool
}

func (c *countingConn) RemoteAddr() net.Addr               { return c.remote }
func (c *countingConn) SetWriteDeadline(t time.Time) error { return nil }
func (c *countingConn) Write(b []byte) (int, error)        { c.written += len(b); return len(b), nil }
func (c *countingConn) Close() error                       { c.closed = true; return nil }
