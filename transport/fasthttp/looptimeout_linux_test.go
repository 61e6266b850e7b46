//go:build linux

package fasthttp

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// loopShort is the timeout under test; the others are loopLong, so that
// a connection closed proves which timeout closed it.
const (
	loopShort = 100 * time.Millisecond
	loopLong  = 10 * time.Minute
)

// TestLoopReadTimeout checks that a request not read whole within the
// read timeout gets 408 and the connection closed, on a kept-alive
// connection and on a new one; that a connection that sends nothing is
// closed; and that an idle kept-alive connection is not closed meanwhile.
func TestLoopReadTimeout(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h, ReadHeaderTimeout: loopShort, IdleTimeout: loopLong, WriteTimeout: loopLong})

	idle := dialLoop(t, addr)
	idle.probe(t, h, "/livez")

	kept := dialLoop(t, addr)
	kept.probe(t, h, "/livez")
	kept.send(t, "GET /livez HTTP/1.1\r\nHost: loc")
	fresh := dialLoop(t, addr)
	fresh.send(t, "GET /readyz HTTP/1.1\r\n")
	silent := dialLoop(t, addr)
	for _, c := range []*loopClient{kept, fresh} {
		r, body := c.answer(t, "GET")
		if r.StatusCode != 408 || body != "408 request timeout\n" || !r.Close {
			t.Errorf("a request cut short: %d %q, close %v; want 408 \"408 request timeout\\n\", close", r.StatusCode, body, r.Close)
		}
		c.closed(t)
	}
	silent.closed(t)
	// idle's wait began before the others': a read timeout applied to it
	// would have closed it first.
	idle.probe(t, h, "/readyz?verbose")
}

// TestLoopIdleTimeout checks that a kept-alive connection idle for the
// idle timeout is closed without an answer, while a connection with a
// request half read waits the read timeout.
func TestLoopIdleTimeout(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h, ReadHeaderTimeout: loopLong, ReadTimeout: loopLong, IdleTimeout: loopShort, WriteTimeout: loopLong})

	half := dialLoop(t, addr)
	half.probe(t, h, "/livez")
	half.send(t, "GET /healthz HTTP/1.1\r\nHost: local")
	readsAll(t, half)

	idle := dialLoop(t, addr)
	idle.probe(t, h, "/livez")
	idle.closed(t)
	// half's wait began before idle's: an idle timeout applied to it would
	// have closed it first.
	half.send(t, "host\r\n\r\n")
	half.check(t, h, "GET", "/healthz")
	half.closed(t)
}

// TestLoopWriteTimeout checks that a connection whose client reads no
// answer is closed once the answers have waited the write timeout in a
// full socket.
func TestLoopWriteTimeout(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h, ReadHeaderTimeout: loopLong, ReadTimeout: loopLong, IdleTimeout: loopLong, WriteTimeout: loopShort})
	nc := dialSmallWindow(t, addr)
	burst := strings.Repeat("GET /metrics?format=prometheus HTTP/1.1\r\nHost: localhost\r\n\r\n", 400)
	go io.WriteString(nc, burst)
	coretest.WaitUntil(t, loopWait, "the server's socket to fill with answers", func() bool { return unsent(nc) > 0 })
	coretest.WaitUntil(t, loopWait, "the server to close the connection its client does not read", func() bool { return serverFD(nc) < 0 })
	// The server answers on.
	dialLoop(t, addr).probe(t, h, "/livez")
}
