package transporttest

import (
	"bytes"
	"net"
	"testing"
	"time"
)

// RoundTripper sends one request over and over on a kept-alive connection
// and reads each answer, allocating nothing itself: the allocations counted
// around RoundTrip are the server's. Benchmarks of both transports, and of
// bare net/http and fasthttp handlers, use it to compare like with like.
type RoundTripper struct {
	c   net.Conn
	req []byte
	buf []byte
}

// NewRoundTripper connects to addr to send GET target; it is closed when tb
// ends.
func NewRoundTripper(tb testing.TB, addr, target string) *RoundTripper {
	tb.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return &RoundTripper{
		c:   c,
		req: []byte("GET " + target + " HTTP/1.1\r\nHost: bench\r\nUser-Agent: transporttest\r\n\r\n"),
		buf: make([]byte, 256<<10),
	}
}

// RoundTrip sends the request and reads the whole answer, failing tb unless
// it is a 2xx or 503 answer with a Content-Length.
func (rt *RoundTripper) RoundTrip(tb testing.TB) {
	if _, err := rt.c.Write(rt.req); err != nil {
		tb.Fatal(err)
	}
	n, end := 0, -1
	for end < 0 {
		m, err := rt.c.Read(rt.buf[n:])
		if err != nil {
			tb.Fatalf("reading an answer: %v", err)
		}
		n += m
		end = bytes.Index(rt.buf[:n], crlf2)
		if end < 0 && n == len(rt.buf) {
			tb.Fatal("answer header too large")
		}
	}
	head := rt.buf[:end+2]
	if len(head) < 12 || !bytes.HasPrefix(head, http11) || (head[9] != '2' && !bytes.HasPrefix(head[9:], status503)) {
		tb.Fatalf("unexpected answer %q", head)
	}
	i := bytes.Index(head, contentLength)
	if i < 0 {
		tb.Fatalf("answer without Content-Length: %q", head)
	}
	length := 0
	for _, c := range head[i+len(contentLength):] {
		if c == '\r' {
			break
		}
		if c < '0' || c > '9' {
			tb.Fatalf("bad Content-Length in %q", head)
		}
		length = length*10 + int(c-'0')
	}
	total := end + 4 + length
	if total > len(rt.buf) {
		tb.Fatal("answer body too large")
	}
	for n < total {
		m, err := rt.c.Read(rt.buf[n:total])
		if err != nil {
			tb.Fatalf("reading an answer body: %v", err)
		}
		n += m
	}
	if n != total {
		tb.Fatalf("%d bytes more than one answer: the server sent what was not asked", n-total)
	}
}

// Bench runs b's loop of round trips, after one outside it, with the
// allocations reported.
func (rt *RoundTripper) Bench(b *testing.B) {
	rt.RoundTrip(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rt.RoundTrip(b)
	}
}

var (
	crlf2         = []byte("\r\n\r\n")
	http11        = []byte("HTTP/1.1 ")
	status503     = []byte("503")
	contentLength = []byte("\r\nContent-Length: ")
)
