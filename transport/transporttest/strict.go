package transporttest

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
)

// strictPaths are targets that name a built-in endpoint only after
// normalisation (duplicate slashes, dot segments, an encoded slash, a
// fragment). No transport normalises: every one answers 404, as the router
// does for the path as sent.
var strictPaths = []string{
	"//health",
	"/./health",
	"/x/../health",
	"/health/.",
	"/readyz/..%2fhealthz",
	"/readyz/..%2F..%2Fhealthz",
	"/livez/%2e%2e/healthz",
	"/health#frag",
	"http://localhost//health",
	"http://localhost/x/../readyz",
}

// testStrict holds every transport to the stricter of the two readings
// where fasthttp and net/http used to differ: paths are decoded but never
// normalised, an absolute-form target's authority is the host the Details
// policy reads (RFC 9112, section 3.2.2; the Host header is ignored then),
// and a header name with a space is refused with 400.
func testStrict(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	for _, target := range strictPaths {
		r := get(target)
		a, ok := c.do(t, r)
		if !ok {
			return
		}
		if a.StatusCode != 404 {
			t.Errorf("GET %s: %d %q, want 404 (no normalisation)", target, a.StatusCode, a.body)
		}
	}
	// Decoding is not normalisation: an escaped letter is the letter, the
	// query is read as sent.
	for _, target := range []string{"/%68ealth", "/readyz/%71ueue?verbose", "/readyz?ex%63lude=queue", "http://localhost/readyz/queue?verbose", "HTTP://127.0.0.1:1/livez"} {
		r := get(target)
		a, ok := c.do(t, r)
		if !ok {
			return
		}
		want := f.route("GET", decodedTarget(target), "")
		check(t, r, a, want)
	}

	// Absolute form: the target's authority decides, whatever Host says.
	for _, tc := range []struct {
		target, host string
		local        bool
	}{
		{"http://127.0.0.1/readyz/queue?verbose", "rebind.example", true},
		{"http://localhost:8080/readyz/queue?verbose", "rebind.example:8080", true},
		{"http://user@[::1]/readyz/queue?verbose", "rebind.example", true},
		{"http://rebind.example/readyz/queue?verbose", "localhost", false},
		{"http://rebind.example:8080/readyz/queue?verbose", "127.0.0.1", false},
	} {
		a, ok := c.do(t, request{method: "GET", target: tc.target, host: tc.host})
		if !ok {
			return
		}
		shown := bytes.Contains(a.body, []byte("backlog of 5000"))
		if a.StatusCode != 503 || shown != tc.local {
			t.Errorf("GET %s with Host: %s from loopback: %d, details shown %v, want 503 and %v:\n%s", tc.target, tc.host, a.StatusCode, shown, tc.local, a.body)
		}
	}

	// A header name that is not a token.
	for _, name := range []string{"X Foo", "Accept Encoding", "X\tTab", "X(y)", "X/y"} {
		raw := "GET /health HTTP/1.1\r\nHost: localhost\r\n" + name + ": bar\r\n\r\n"
		status, body, _, _ := roundTrip(t, addr, raw)
		if status != 400 {
			t.Errorf("header name %q: %s %q, want 400", name, outcome(status), body)
		}
	}
}

// decodedTarget is target as the router sees it: origin form, the path
// percent-decoded.
func decodedTarget(target string) string {
	if _, rest, ok := strings.Cut(target, "://"); ok {
		target = rest[strings.IndexByte(rest, '/'):]
	}
	path, query, _ := strings.Cut(target, "?")
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	return path + "?" + query
}
