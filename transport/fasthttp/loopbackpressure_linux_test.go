//go:build linux

package fasthttp

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestLoopBackpressure sends a 20 KB burst of pipelined probes, on a
// connection whose client reads nothing until the socket buffers are full
// and then reads in small pieces: the loop must wait for the socket to
// drain (EPOLLOUT) and answer every probe, in order.
func TestLoopBackpressure(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h})
	nc := dialSmallWindow(t, addr)

	targets := []string{"/metrics?format=prometheus", "/livez", "/readyz?verbose", "/health"}
	var burst strings.Builder
	var sent []string
	for burst.Len() < 20<<10 {
		target := targets[len(sent)%len(targets)]
		burst.WriteString("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
		sent = append(sent, target)
	}
	wrote := make(chan error, 1)
	go func() { _, err := io.WriteString(nc, burst.String()); wrote <- err }()
	coretest.WaitUntil(t, loopWait, "the server's socket to fill with answers", func() bool { return unsent(nc) > 0 })

	c := &loopClient{Conn: nc, br: bufio.NewReaderSize(nc, 16)}
	for i, target := range sent {
		r, body := c.answer(t, "GET")
		want := route(h, "GET", target)
		if target == targets[0] {
			// The request counters in it move: its lines must match.
			body, want.Body = metricsShape(body), []byte(metricsShape(string(want.Body)))
		}
		if r.StatusCode != want.Status || body != string(want.Body) {
			t.Fatalf("answer %d of %d (GET %s): %d %.80q; want %d %.80q", i+1, len(sent), target, r.StatusCode, body, want.Status, want.Body)
		}
	}
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	c.probe(t, h, "/livez")
}

// dialSmallWindow connects to addr with small segments and a small
// window: the server's socket buffer stays far smaller than the answers to
// a burst of requests.
func dialSmallWindow(t *testing.T, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: loopWait, Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		err := rc.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
			if serr == nil {
				serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, 536)
			}
		})
		if err != nil {
			return err
		}
		return serr
	}}
	nc, err := d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(loopWait))
	return nc
}

// metricsShape returns a metrics page without its sample values.
func metricsShape(page string) string {
	lines := strings.Split(page, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "#") {
			if sp := strings.LastIndexByte(l, ' '); sp >= 0 {
				lines[i] = l[:sp]
			}
		}
	}
	return strings.Join(lines, "\n")
}
