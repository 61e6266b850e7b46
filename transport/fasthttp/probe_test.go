package fasthttp

import (
	"bufio"
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// probeMax is the length readProbe is allowed in these tests, as the loop
// allows it the Server's MaxHeaderBytes.
const probeMax = 4096

// probeCases are requests and what readProbe must say of them: the probe
// (its fields), and its length when complete.
var probeCases = []struct {
	name string
	raw  string
	st   probeState
	want probe // when complete
	n    int   // when complete; 0 means len(raw)
}{
	{name: "get", raw: "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/healthz", host: "a"}},
	{name: "head", raw: "HEAD /readyz?verbose HTTP/1.1\r\nHost: b:80\r\nUser-Agent: kube-probe/1.30\r\n\r\n", st: probeComplete,
		want: probe{method: "HEAD", target: "/readyz?verbose", host: "b:80"}},
	{name: "all-fields", raw: "GET /metrics HTTP/1.1\r\nhost: h\r\nACCEPT: text/plain;version=0.0.4\r\nauthorization: Bearer x\r\nConnection: close\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/metrics", host: "h", accept: "text/plain;version=0.0.4", auth: "Bearer x", close: true}},
	{name: "values-trimmed", raw: "GET / HTTP/1.1\r\nHost: \t h \t\r\nAccept:a/b \r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/", host: "h", accept: "a/b"}},
	{name: "tab-inside-value", raw: "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\tb\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/", host: "h"}},
	{name: "obs-text-value", raw: "GET / HTTP/1.1\r\nHost: h\r\nX-A: caf\xc3\xa9\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/", host: "h"}},
	{name: "escapes", raw: "GET /a%2Fb%41?q=%7e HTTP/1.1\r\nHost: h\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/a%2Fb%41?q=%7e", host: "h"}},
	{name: "pipelined", raw: "GET /livez HTTP/1.1\r\nHost: h\r\n\r\nGET /readyz HTTP/1.1\r\nHost: h\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/livez", host: "h"}, n: len("GET /livez HTTP/1.1\r\nHost: h\r\n\r\n")},
	{name: "pipelined-post", raw: "HEAD / HTTP/1.1\r\nHost: h\r\n\r\nPOST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi", st: probeComplete,
		want: probe{method: "HEAD", target: "/", host: "h"}, n: len("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n")},
	{name: "pipelined-partial", raw: "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /x HT", st: probeComplete,
		want: probe{method: "GET", target: "/", host: "h"}, n: len("GET / HTTP/1.1\r\nHost: h\r\n\r\n")},

	// Content-Length and Connection.
	{name: "content-length-0", raw: "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/", host: "h"}},
	{name: "content-length-5", raw: "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", st: probeOther},
	{name: "content-length-00", raw: "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 00\r\n\r\n", st: probeOther},
	{name: "connection-close-case", raw: "GET / HTTP/1.1\r\nHost: h\r\nconnection: CLOSE\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/", host: "h", close: true}},
	{name: "connection-keep-alive-case", raw: "GET / HTTP/1.1\r\nHost: h\r\nCONNECTION: Keep-Alive\r\n\r\n", st: probeComplete,
		want: probe{method: "GET", target: "/", host: "h"}},
	{name: "connection-upgrade", raw: "GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\n\r\n", st: probeOther},
	{name: "connection-list", raw: "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n", st: probeOther},

	// Incomplete: a prefix of a probe, or of a line yet to be judged.
	{name: "request-line-prefix", raw: "GET /heal", st: probeIncomplete},
	{name: "method-prefix", raw: "HE", st: probeIncomplete},
	{name: "cr-without-lf", raw: "GET / HTTP/1.1\r", st: probeIncomplete},
	{name: "header-prefix", raw: "GET / HTTP/1.1\r\nHost: h\r\nAcc", st: probeIncomplete},
	{name: "no-end-of-header", raw: "GET / HTTP/1.1\r\nHost: h\r\n", st: probeIncomplete},
	{name: "last-cr", raw: "GET / HTTP/1.1\r\nHost: h\r\n\r", st: probeIncomplete},

	// Other: fasthttp serves (or refuses) them.
	{name: "post", raw: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", st: probeOther},
	{name: "lower-case-method", raw: "get / HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "options-star", raw: "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "get-star", raw: "GET * HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "absolute-form", raw: "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "http-1.0", raw: "GET / HTTP/1.0\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "http-2", raw: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", st: probeOther},
	{name: "two-spaces", raw: "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "trailing-space", raw: "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", st: probeOther},
	{name: "no-version", raw: "GET /\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "bad-escape", raw: "GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "short-escape", raw: "GET /%4 HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "escape-at-end", raw: "GET /a% HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "nul-in-target", raw: "GET /\x00 HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "utf8-in-target", raw: "GET /caf\xc3\xa9 HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "bare-lf", raw: "GET / HTTP/1.1\nHost: h\n\n", st: probeOther},
	{name: "bare-lf-in-header", raw: "GET / HTTP/1.1\r\nHost: h\n", st: probeOther},
	{name: "bare-lf-at-end", raw: "GET / HTTP/1.1\r\nHost: h\r\n\n", st: probeOther},
	{name: "bare-lf-first", raw: "\n", st: probeOther},
	{name: "leading-crlf", raw: "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", st: probeOther},
	{name: "obs-fold", raw: "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n", st: probeOther},
	{name: "obs-fold-tab", raw: "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n\tb\r\n\r\n", st: probeOther},
	{name: "no-host", raw: "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", st: probeOther},
	{name: "empty-host", raw: "GET / HTTP/1.1\r\nHost: \r\n\r\n", st: probeOther},
	{name: "duplicate-host", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", st: probeOther},
	{name: "duplicate-host-case", raw: "GET / HTTP/1.1\r\nHost: a\r\nhOST: b\r\n\r\n", st: probeOther},
	{name: "duplicate-accept", raw: "GET / HTTP/1.1\r\nHost: a\r\nAccept: a/b\r\nAccept: c/d\r\n\r\n", st: probeOther},
	{name: "duplicate-authorization", raw: "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: x\r\nAuthorization: y\r\n\r\n", st: probeOther},
	{name: "space-before-colon", raw: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", st: probeOther},
	{name: "no-colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A\r\n\r\n", st: probeOther},
	{name: "empty-name", raw: "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", st: probeOther},
	{name: "non-token-name", raw: "GET / HTTP/1.1\r\nHost: a\r\nX(A): v\r\n\r\n", st: probeOther},
	{name: "control-in-value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\x01b\r\n\r\n", st: probeOther},
	{name: "cr-in-value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: a\rb\r\n\r\n", st: probeOther},
	{name: "del-in-value", raw: "GET / HTTP/1.1\r\nHost: a\x7f\r\n\r\n", st: probeOther},
	{name: "expect", raw: "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", st: probeOther},
	{name: "upgrade", raw: "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n", st: probeOther},
	{name: "transfer-encoding", raw: "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", st: probeOther},
	{name: "tls-hello", raw: "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n", st: probeOther},
}

func TestProbeRead(t *testing.T) {
	for _, tc := range probeCases {
		t.Run(tc.name, func(t *testing.T) {
			p, n, st := readProbe([]byte(tc.raw), probeMax)
			if st != tc.st {
				t.Fatalf("readProbe(%q) = state %d, want %d", tc.raw, st, tc.st)
			}
			if st != probeComplete {
				if n != 0 {
					t.Errorf("readProbe(%q) consumed %d bytes without a complete probe", tc.raw, n)
				}
				return
			}
			want := tc.n
			if want == 0 {
				want = len(tc.raw)
			}
			if n != want {
				t.Errorf("readProbe(%q) consumed %d bytes, want %d", tc.raw, n, want)
			}
			if p != tc.want {
				t.Errorf("readProbe(%q) = %+v, want %+v", tc.raw, p, tc.want)
			}
		})
	}
}

// TestProbeReadPrefixes checks that every prefix of a probe is incomplete
// and that the whole probe, followed by anything, is complete.
func TestProbeReadPrefixes(t *testing.T) {
	raw := "GET /metrics?x=%41 HTTP/1.1\r\nHost: h\r\nAccept: text/plain\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"
	for k := 1; k < len(raw); k++ {
		if _, n, st := readProbe([]byte(raw[:k]), probeMax); st != probeIncomplete || n != 0 {
			t.Fatalf("readProbe(%q) = state %d, %d bytes; want incomplete", raw[:k], st, n)
		}
	}
	for _, tail := range []string{"", "G", "GET / HTTP/1.1\r\n", "\x00\xff", "POST / HTTP/1.1\r\n\r\n"} {
		if _, n, st := readProbe([]byte(raw+tail), probeMax); st != probeComplete || n != len(raw) {
			t.Errorf("readProbe of the probe and %q = state %d, %d bytes; want complete, %d", tail, st, n, len(raw))
		}
	}
}

// TestProbeReadMax checks the length bound: a probe of exactly max bytes
// is complete (pipelined or not), one byte more is another request
// (fasthttp answers 431), and a prefix is incomplete only while shorter
// than max.
func TestProbeReadMax(t *testing.T) {
	raw := "GET /livez HTTP/1.1\r\nHost: h\r\nX-Pad: " + strings.Repeat("p", 100) + "\r\n\r\n"
	l := len(raw)
	for _, tc := range []struct {
		name string
		b    string
		max  int
		st   probeState
	}{
		{"exactly-max", raw, l, probeComplete},
		{"exactly-max-pipelined", raw + raw, l, probeComplete},
		{"one-byte-over", raw, l - 1, probeOther},
		{"one-byte-over-pipelined", raw + raw, l - 1, probeOther},
		{"prefix-under-max", raw[:l-1], l, probeIncomplete},
		{"prefix-at-max", raw[:l-1], l - 1, probeOther},
		{"line-prefix-at-max", raw[:20], 20, probeOther},
		{"line-prefix-under-max", raw[:20], 21, probeIncomplete},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, n, st := readProbe([]byte(tc.b), tc.max)
			if st != tc.st {
				t.Fatalf("readProbe of %d bytes, max %d = state %d, want %d", len(tc.b), tc.max, st, tc.st)
			}
			if st == probeComplete && n != l {
				t.Errorf("consumed %d bytes, want %d", n, l)
			}
		})
	}
}

// TestProbeReadAliases checks that a probe's strings lie in the buffer
// (no copy: the loop allocates nothing per request).
func TestProbeReadAliases(t *testing.T) {
	b := []byte("GET /x HTTP/1.1\r\nHost: h\r\nAccept: a/b\r\nAuthorization: Bearer t\r\n\r\n")
	if n := testing.AllocsPerRun(100, func() { readProbe(b, probeMax) }); n != 0 {
		t.Errorf("readProbe allocates %v times per probe, want 0", n)
	}
}

// FuzzReadProbe checks readProbe against net/http's request reader: every
// probe it reads, net/http reads too, with the same method, target, Host,
// Accept and Connection: close, and the same length; every prefix of it
// is incomplete; a request it leaves to fasthttp stays so whatever
// follows.
func FuzzReadProbe(f *testing.F) {
	for _, tc := range probeCases {
		f.Add([]byte(tc.raw))
	}
	f.Add([]byte("GET /metrics HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: Prometheus/2.53.0\r\nAccept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1\r\nAccept-Encoding: gzip\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n"))
	f.Add([]byte("GET /healthz HTTP/1.1\r\nHost: 10.0.0.1:8080\r\nUser-Agent: kube-probe/1.30\r\nAccept: */*\r\nConnection: close\r\n\r\n"))
	f.Add([]byte("HEAD //a/../b?c#d HTTP/1.1\r\nHost: [::1]:80\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n"))
	f.Add([]byte("GET /%2e%2E/ HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer abc\r\n\r\nGET / HTTP/1.1\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, n, st := readProbe(b, probeMax)
		switch st {
		case probeIncomplete:
			if len(b) >= probeMax {
				t.Fatalf("readProbe(%q): incomplete at %d bytes, max %d", b, len(b), probeMax)
			}
			return
		case probeOther:
			if len(b) < probeMax {
				more := append(append([]byte(nil), b...), "\r\nHost: h\r\n\r\n"...)
				if _, _, st := readProbe(more, probeMax); st != probeOther {
					t.Fatalf("readProbe(%q) = other, but with more bytes state %d", b, st)
				}
			}
			return
		case probeComplete:
		default:
			t.Fatalf("readProbe(%q): unknown state %d", b, st)
		}
		if n <= 0 || n > len(b) || n > probeMax {
			t.Fatalf("readProbe(%q): %d bytes consumed", b, n)
		}
		if n <= 1024 {
			for k := 1; k < n; k++ {
				if _, _, st := readProbe(b[:k], probeMax); st != probeIncomplete {
					t.Fatalf("readProbe(%q) = complete, but its prefix %q has state %d", b[:n], b[:k], st)
				}
			}
		}
		r := bytes.NewReader(b)
		br := bufio.NewReader(r)
		req, err := http.ReadRequest(br)
		if err != nil {
			t.Fatalf("readProbe(%q) = complete, but net/http: %v", b, err)
		}
		if consumed := len(b) - r.Len() - br.Buffered(); consumed != n {
			t.Errorf("readProbe(%q) consumed %d bytes, net/http %d", b, n, consumed)
		}
		if req.Method != p.method || req.RequestURI != p.target || req.Host != p.host ||
			req.Header.Get("Accept") != p.accept || req.Header.Get("Authorization") != p.auth || req.Close != p.close {
			t.Errorf("readProbe(%q) = %+v, but net/http reads method %q, target %q, host %q, accept %q, authorization %q, close %v",
				b, p, req.Method, req.RequestURI, req.Host, req.Header.Get("Accept"), req.Header.Get("Authorization"), req.Close)
		}
		if req.ContentLength != 0 || len(req.TransferEncoding) != 0 {
			t.Errorf("readProbe(%q) = complete, but net/http reads a body: length %d, transfer encoding %q", b, req.ContentLength, req.TransferEncoding)
		}
	})
}
