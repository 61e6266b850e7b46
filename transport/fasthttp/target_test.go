package fasthttp

import (
	"bufio"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzTarget holds splitTarget and appendPath to net/http: for every request
// target net/http accepts, the same path, raw query and host (the Host
// header's when the target has no authority).
func FuzzTarget(f *testing.F) {
	for _, s := range []string{"/health", "//health", "/./health", "/x/../health", "/readyz/..%2fhealthz", "/health#x?y", "/a?b#c",
		"http://127.0.0.1:8080/readyz?verbose", "http://u:p@[::1]/x", "HTTP://h", "http:///health", "*", "/%41+b", "mailto:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		authority, path, query := splitTarget(target)
		decoded := string(appendPath(nil, path))
		if strings.ContainsAny(target, " \r\n\t") || strings.Contains(target, "%") && !validEscapes([]byte(target)) {
			return // not a request line net/http reads; the server refuses it
		}
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: hostheader\r\n\r\n")))
		if err != nil {
			return
		}
		if strings.Contains(authority, "%") {
			return // net/http decodes the authority; healthlite leaves it encoded, and not local
		}
		host := authority
		if host == "" {
			host = "hostheader"
		}
		if r.URL.Opaque != "" || r.URL.Scheme != "" && !strings.Contains(target, "://") {
			return // "mailto:x": no path either way
		}
		if decoded != r.URL.Path || query != r.URL.RawQuery || host != r.Host {
			t.Fatalf("%q: path %q query %q host %q; net/http: %q %q %q", target, decoded, query, host, r.URL.Path, r.URL.RawQuery, r.Host)
		}
		if p, err := url.PathUnescape(path); err == nil && p != decoded {
			t.Fatalf("%q: decoded %q, net/url %q", path, decoded, p)
		}
	})
}

// FuzzHeaderNames holds validHeaderNames to net/http's server, which reads
// a request and then refuses it (400) when a header name is not a token.
func FuzzHeaderNames(f *testing.F) {
	for _, s := range []string{"Accept: x\r\n", "X Foo: bar\r\n", "X-A: 1\r\n continued\r\n", "X(y): z\r\n", "Host: h\r\nA:b\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, block string) {
		if !strings.HasSuffix(block, "\r\n") || strings.Contains(block, "\r\n\r\n") || strings.HasPrefix(block, "\r\n") ||
			strings.Count(block, "\n") != strings.Count(block, "\r\n") || strings.Contains(block, "\r\r") {
			return // lines end in CRLF, and the block is headers only
		}
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET / HTTP/1.1\r\nHost: h\r\n" + block + "\r\n")))
		if err != nil {
			return
		}
		want := true
		for k := range r.Header {
			want = want && k != "" && strings.Trim(k, tokenChars) == ""
		}
		if got := validHeaderNames([]byte(block)); got != want {
			t.Fatalf("%q: validHeaderNames %v, net/http's server %v", block, got, want)
		}
	})
}

// tokenChars are the bytes of an RFC 9110 token, as net/http's server
// (httpguts.ValidHeaderFieldName) accepts them in a header name.
const tokenChars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func TestValidHeaderNames(t *testing.T) {
	for block, want := range map[string]bool{
		"":                           true,
		"Host: h\r\nAccept: */*\r\n": true,
		"Host: h\r\nX-A: 1\r\n continued\r\n\tmore: x y\r\n": true, // folded lines have no name
		"Host: h\r\n\r\n":                  true, // the blank line ending the block
		"\r\n":                             true,
		"Host: h\r\n\rX Y\n":               true, // a line starting with CR has no name
		"A:b":                              true, // no line end after the value
		"Name-Only\r\n":                    false,
		"Name-Only":                        true, // the name runs to the end
		"Name-Only\n":                      true,
		"X Foo: bar\r\n":                   false,
		"X(y): z\r\n":                      false,
		": empty name\r\n":                 false,
		"Host: h\r\n(bad): x\r\n":          false,
		"Host: h\r\nX-\x00: x\r\n":         false,
		"Host: value with (any) bytes\r\n": true,
	} {
		if got := validHeaderNames([]byte(block)); got != want {
			t.Errorf("validHeaderNames(%q) = %v, want %v", block, got, want)
		}
	}
}
