package transporttest

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// request is one raw HTTP/1.1 request the suite sends.
type request struct {
	method, target, accept string
	host                   string // the Host header; by default "localhost"
	close                  bool   // send Connection: close
}

func get(target string) request  { return request{method: "GET", target: target} }
func head(target string) request { return request{method: "HEAD", target: target} }

func (r request) appendTo(b []byte) []byte {
	host := r.host
	if host == "" {
		host = "localhost"
	}
	b = append(b, r.method+" "+r.target+" HTTP/1.1\r\nHost: "+host+"\r\nUser-Agent: transporttest\r\n"...)
	if r.accept != "" {
		b = append(b, "Accept: "+r.accept+"\r\n"...)
	}
	if r.close {
		b = append(b, "Connection: close\r\n"...)
	}
	if r.method == "POST" || r.method == "PUT" {
		b = append(b, "Content-Length: 0\r\n"...)
	}
	return append(b, "\r\n"...)
}

// conn is a raw client connection: the suite writes requests byte for byte
// (so that it can pipeline them) and parses answers with net/http's reader.
type conn struct {
	c  net.Conn
	br *bufio.Reader
}

func dial(t testing.TB, addr string) *conn {
	t.Helper()
	c := dialRaw(t, addr)
	return &conn{c: c, br: bufio.NewReader(c)}
}

// dialRaw connects to addr, giving up after 10s, with a deadline a minute
// away for all the test does on the connection; it is closed when t ends.
func dialRaw(t testing.TB, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(time.Minute))
	return c
}

// send writes reqs in a single write.
func (c *conn) send(t testing.TB, reqs ...request) {
	t.Helper()
	var b []byte
	for _, r := range reqs {
		b = r.appendTo(b)
	}
	if _, err := c.c.Write(b); err != nil {
		t.Fatal(err)
	}
}

// answer is a response as read from the wire.
type answer struct {
	*http.Response
	body []byte
}

// read reads the answer to a request of method.
func (c *conn) read(t testing.TB, method string) (answer, bool) {
	t.Helper()
	resp, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		t.Errorf("reading the answer to %s: %v", method, err)
		return answer{}, false
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Errorf("reading the body of the answer to %s: %v", method, err)
		return answer{}, false
	}
	return answer{resp, body}, true
}

// do sends r and reads its answer.
func (c *conn) do(t testing.TB, r request) (answer, bool) {
	t.Helper()
	c.send(t, r)
	return c.read(t, r.method)
}

// check compares a with the router's answer want for request r: status,
// Content-Type, extra headers, an exact Content-Length, and the body (none
// for HEAD); and what every transport adds: a Date, no Server header, no
// chunking.
func check(t testing.TB, r request, a answer, want core.Response) {
	t.Helper()
	what := r.method + " " + r.target
	if r.accept != "" {
		what += " (Accept: " + r.accept + ")"
	}
	if a.StatusCode != want.Status {
		t.Errorf("%s: status %d, want %d", what, a.StatusCode, want.Status)
	}
	ct := a.Header.Values("Content-Type")
	if want.ContentType == "" && len(ct) != 0 || want.ContentType != "" && !slices.Equal(ct, []string{want.ContentType}) {
		t.Errorf("%s: Content-Type %q, want %q", what, ct, want.ContentType)
	}
	for _, h := range want.Headers {
		if got := a.Header.Values(h.Key); !slices.Equal(got, []string{h.Value}) {
			t.Errorf("%s: %s %q, want %q", what, h.Key, got, h.Value)
		}
	}
	if got, want := a.Header.Values("Content-Length"), []string{strconv.Itoa(len(want.Body))}; !slices.Equal(got, want) {
		t.Errorf("%s: Content-Length %q, want %q", what, got, want)
	}
	if len(a.TransferEncoding) != 0 {
		t.Errorf("%s: Transfer-Encoding %q, want none", what, a.TransferEncoding)
	}
	if _, err := http.ParseTime(a.Header.Get("Date")); err != nil {
		t.Errorf("%s: Date %q: %v", what, a.Header.Get("Date"), err)
	}
	if s := a.Header.Values("Server"); len(s) != 0 {
		t.Errorf("%s: Server header %q, want none", what, s)
	}
	if r.method == "HEAD" {
		if len(a.body) != 0 {
			t.Errorf("%s: a body of %d bytes, want none", what, len(a.body))
		}
	} else if !bytes.Equal(a.body, want.Body) {
		t.Errorf("%s: body\n%s\nwant\n%s", what, a.body, want.Body)
	}
}
