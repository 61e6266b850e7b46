//go:build linux

package fasthttp

import (
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestLoopMaxConnsDisplacesOldestIdle fills a cap of 4 with the loop's
// connections: a new one takes the place of the oldest idle one — not of
// an older one with a request half read —, and the server answers on.
func TestLoopMaxConnsDisplacesOldestIdle(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h, MaxConns: 4})
	cs := make([]*loopClient, 4)
	for i := range cs {
		cs[i] = dialLoop(t, addr)
		cs[i].probe(t, h, "/livez")
	}
	cs[0].send(t, "GET /readyz HTTP/1.1\r\nHost: localhost\r\n")
	readsAll(t, cs[0])

	fifth := dialLoop(t, addr)
	fifth.probe(t, h, "/livez")
	cs[1].closed(t)
	cs[0].send(t, "\r\n")
	cs[0].check(t, h, "GET", "/readyz")
	for _, c := range []*loopClient{cs[2], cs[3], fifth} {
		c.probe(t, h, "/healthz")
	}

	// cs[0] is the oldest idle one now.
	sixth := dialLoop(t, addr)
	sixth.probe(t, h, "/readyz?verbose")
	cs[0].closed(t)
	for _, c := range []*loopClient{cs[2], cs[3], fifth, sixth} {
		c.probe(t, h, "/livez")
	}
}
