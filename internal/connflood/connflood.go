// Package connflood floods a server with TCP connections, as a client that
// means to run it out of file descriptors would: it dials without pause,
// holds the newest connections and closes older ones, so that the server
// always has many open and keeps seeing new ones. The connection-cap tests
// of healthlite and the soak in bench/runner flood with it.
package connflood

import (
	"bufio"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is what each connection of a flood sends.
type Mode int

const (
	// Mixed connections alternate between sending nothing (idle from the
	// start) and sending one request and reading the first line of its
	// answer (kept alive, then idle).
	Mixed Mode = iota
	// Partial connections send half a request header: the server counts
	// them busy until its header timeout.
	Partial
)

// timeout bounds each dial and each connection's request and answer.
const timeout = 5 * time.Second

// Flood is a flood under way, started by Start.
type Flood struct {
	opened   atomic.Int64
	done     chan struct{}
	finished chan struct{}
	once     sync.Once
}

// Start dials addr ("HOST:PORT", over TCP) until Stop, pausing pause after
// each connection it opens and holding the newest held of them; each sends
// what mode says. A failed dial (a full accept queue) is tried again after
// 10ms.
func Start(addr string, held int, mode Mode, pause time.Duration) *Flood {
	f := &Flood{done: make(chan struct{}), finished: make(chan struct{})}
	go f.run(addr, held, mode, pause)
	return f
}

// Opened returns how many connections the flood has opened so far.
func (f *Flood) Opened() int64 { return f.opened.Load() }

// Stop ends the flood and closes every connection it holds; it returns
// once they are closed. Calling it again does nothing.
func (f *Flood) Stop() {
	f.once.Do(func() { close(f.done); <-f.finished })
}

func (f *Flood) run(addr string, held int, mode Mode, pause time.Duration) {
	defer close(f.finished)
	ring := make([]net.Conn, held)
	defer func() {
		for _, c := range ring {
			if c != nil {
				c.Close()
			}
		}
	}()
	for i := 0; ; i++ {
		select {
		case <-f.done:
			return
		default:
		}
		c, err := net.DialTimeout("tcp", addr, timeout)
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		f.opened.Add(1)
		c.SetDeadline(time.Now().Add(timeout))
		switch {
		case mode == Partial:
			io.WriteString(c, "GET /livez HTTP/1.1\r\nHost: flood\r\n")
		case i%2 == 1:
			io.WriteString(c, "GET /livez HTTP/1.1\r\nHost: flood\r\n\r\n")
			bufio.NewReader(c).ReadString('\n')
		}
		if old := ring[i%held]; old != nil {
			old.Close()
		}
		ring[i%held] = c
		time.Sleep(pause)
	}
}
