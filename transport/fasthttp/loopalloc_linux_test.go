//go:build linux && !race

package fasthttp

import (
	"bytes"
	"net"
	"strconv"
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestLoopKeepAliveAllocatesNothing serves kept-alive probes through the
// event loop over a real loopback connection, connection cap included: 0
// allocations per request, client and server together, as fasthttp's
// (TestKeepAliveAllocatesNothing). The connections must be the loop's: no
// fasthttp goroutine serves them.
func TestLoopKeepAliveAllocatesNothing(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	addr, _ := serveLoop(t, &Server{Health: h})
	for _, target := range []string{"/healthz", "/livez", "/readyz?verbose", "/health", "/metrics?format=prometheus", "/metrics?format=openmetrics"} {
		rt := transporttest.NewRoundTripper(t, addr, target)
		for range 100 {
			rt.RoundTrip(t) // grow buffers
		}
		if n := testing.AllocsPerRun(500, func() { rt.RoundTrip(t) }); n != 0 {
			t.Errorf("GET %s: %v allocations per kept-alive request, want 0", target, n)
		}
	}
	// What Prometheus sends: the format is negotiated from Accept.
	for _, accept := range []string{
		"application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
		"text/plain;version=0.0.4;q=1,*/*;q=0.1",
	} {
		rt := newScrapeRoundTripper(t, addr, accept)
		for range 100 {
			rt.roundTrip(t)
		}
		if n := testing.AllocsPerRun(500, func() { rt.roundTrip(t) }); n != 0 {
			t.Errorf("GET /metrics, Accept: %s: %v allocations per kept-alive scrape, want 0", accept, n)
		}
	}
	if n := handedReaders(); n != 0 {
		t.Fatalf("fasthttp serves %d of the connections, want none: the loop's allocations were not measured", n)
	}
}

// scrapeRoundTripper is transporttest.RoundTripper for GET /metrics with
// an Accept header: it allocates nothing itself.
type scrapeRoundTripper struct {
	c        net.Conn
	req, buf []byte
	ctype    []byte // the Content-Type the answer must have
}

func newScrapeRoundTripper(t *testing.T, addr, accept string) *scrapeRoundTripper {
	t.Helper()
	c := dialRaw(t, addr)
	ctype := "\r\nContent-Type: text/plain; version=0.0.4"
	if bytes.HasPrefix([]byte(accept), []byte("application/openmetrics-text")) {
		ctype = "\r\nContent-Type: application/openmetrics-text; version=1.0.0"
	}
	return &scrapeRoundTripper{
		c:     c,
		req:   []byte("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9090\r\nUser-Agent: Prometheus/3.0.0\r\nAccept: " + accept + "\r\nAccept-Encoding: identity\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n"),
		buf:   make([]byte, 256<<10),
		ctype: []byte(ctype),
	}
}

// roundTrip sends the scrape and reads the whole answer, failing t unless
// it is 200 with the negotiated Content-Type and a Content-Length.
func (rt *scrapeRoundTripper) roundTrip(t *testing.T) {
	if _, err := rt.c.Write(rt.req); err != nil {
		t.Fatal(err)
	}
	n, end := 0, -1
	for end < 0 {
		m, err := rt.c.Read(rt.buf[n:])
		if err != nil {
			t.Fatalf("reading an answer: %v", err)
		}
		n += m
		end = bytes.Index(rt.buf[:n], []byte("\r\n\r\n"))
		if end < 0 && n == len(rt.buf) {
			t.Fatal("answer header too large")
		}
	}
	head := rt.buf[:end+2]
	if !bytes.HasPrefix(head, []byte("HTTP/1.1 200 ")) || !bytes.Contains(head, rt.ctype) {
		t.Fatalf("unexpected answer %q, want 200 with %q", head, rt.ctype)
	}
	i := bytes.Index(head, []byte("\r\nContent-Length: "))
	if i < 0 {
		t.Fatalf("answer without Content-Length: %q", head)
	}
	j := bytes.IndexByte(head[i+2:], '\r')
	length, err := strconv.Atoi(string(head[i+18 : i+2+j]))
	if err != nil {
		t.Fatalf("bad Content-Length in %q", head)
	}
	total := end + 4 + length
	for n < total {
		m, err := rt.c.Read(rt.buf[n:total])
		if err != nil {
			t.Fatalf("reading an answer body: %v", err)
		}
		n += m
	}
	if n != total {
		t.Fatalf("%d bytes more than one answer", n-total)
	}
}
