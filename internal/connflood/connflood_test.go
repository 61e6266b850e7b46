package connflood_test

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/connflood"
)

// server accepts on loopback and records, for each connection, what it
// sent (up to the end of its header or of its data) and when it closed.
type server struct {
	mu     sync.Mutex
	sent   []string // by connection, in accept order
	closed int
}

func serve(t *testing.T) (addr string, s *server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s = &server{}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			i := len(s.sent)
			s.sent = append(s.sent, "")
			s.mu.Unlock()
			go s.handle(c, i)
		}
	}()
	return ln.Addr().String(), s
}

func (s *server) handle(c net.Conn, i int) {
	defer c.Close()
	r := bufio.NewReader(c)
	var got strings.Builder
	for {
		line, err := r.ReadString('\n')
		got.WriteString(line)
		s.mu.Lock()
		s.sent[i] = got.String()
		s.mu.Unlock()
		if err != nil {
			break
		}
		if line == "\r\n" {
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
		}
	}
	s.mu.Lock()
	s.closed++
	s.mu.Unlock()
}

func (s *server) snapshot() (sent []string, closed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.sent...), s.closed
}

const (
	request = "GET /livez HTTP/1.1\r\nHost: flood\r\n\r\n"
	partial = "GET /livez HTTP/1.1\r\nHost: flood\r\n"
)

func TestMixedHoldsTheNewestAndAlternates(t *testing.T) {
	addr, s := serve(t)
	f := connflood.Start(addr, 4, connflood.Mixed, time.Millisecond)
	defer f.Stop()
	coretest.WaitUntil(t, 20*time.Second, "ten connections opened", func() bool { return f.Opened() >= 10 })
	f.Stop()
	sent := s.allClosed(t)
	for i, got := range sent {
		want := ""
		if i%2 == 1 {
			want = request
		}
		if got != want {
			t.Errorf("connection %d sent %q, want %q (idle and requesting in turn)", i, got, want)
		}
	}
}

// allClosed waits until the server has seen every connection it accepted
// closed, as Stop promises, and returns what each sent.
func (s *server) allClosed(t *testing.T) []string {
	t.Helper()
	coretest.WaitUntil(t, 20*time.Second, "every connection closed after Stop", func() bool {
		sent, closed := s.snapshot()
		return closed == len(sent)
	})
	sent, _ := s.snapshot()
	return sent
}

func TestHoldsAtMostHeld(t *testing.T) {
	addr, s := serve(t)
	f := connflood.Start(addr, 3, connflood.Partial, time.Millisecond)
	defer f.Stop()
	coretest.WaitUntil(t, 20*time.Second, "twenty connections opened", func() bool { return f.Opened() >= 20 })
	// The flood closes the oldest as it opens a new one: at most 3 open,
	// and (in flight) one more just dialed.
	coretest.WaitUntil(t, 20*time.Second, "the older connections closed", func() bool {
		sent, closed := s.snapshot()
		return len(sent)-closed <= 4
	})
	f.Stop()
	f.Stop() // a second Stop does nothing
	for i, got := range s.allClosed(t) {
		if got != partial {
			t.Errorf("connection %d sent %q, want half a header %q", i, got, partial)
		}
	}
}

func TestRedialsWhenNothingListens(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	f := connflood.Start(addr, 2, connflood.Mixed, time.Millisecond)
	time.Sleep(50 * time.Millisecond)
	f.Stop()
	if n := f.Opened(); n != 0 {
		t.Errorf("opened %d connections to a closed port", n)
	}
}
