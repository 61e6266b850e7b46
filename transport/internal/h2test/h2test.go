// Package h2test is a raw HTTP/2 client for the tests of the gRPC health
// server: frames written and read one by one with golang.org/x/net/http2's
// Framer, nothing checked on the way out, so that a test can send what a
// real client never would (floods, resets, broken header blocks) and see
// every frame that comes back.
package h2test

import (
	"bufio"
	"net"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// Conn is a raw HTTP/2 client connection. Frames written go through W:
// call Flush to send them.
type Conn struct {
	NC net.Conn
	W  *bufio.Writer
	Fr *http2.Framer
	t  testing.TB
}

// Dial connects to addr (see New).
func Dial(t testing.TB, addr string) *Conn {
	t.Helper()
	return New(t, dial(t, addr))
}

// DialSilent connects to addr as Dial does but sends nothing, not even the
// client preface, for tests of what a client sends first.
func DialSilent(t testing.TB, addr string) *Conn {
	t.Helper()
	return wrap(t, dial(t, addr))
}

func dial(t testing.TB, addr string) net.Conn {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return nc
}

// New speaks HTTP/2 on nc, with a deadline a minute away for all the test
// does on it, and closes it when t ends: it sends the client preface and an
// empty SETTINGS frame, and reads header blocks whole (MetaHeadersFrame).
func New(t testing.TB, nc net.Conn) *Conn {
	t.Helper()
	c := wrap(t, nc)
	c.W.WriteString(http2.ClientPreface)
	c.Fr.WriteSettings()
	c.Flush()
	return c
}

// wrap is New without the preface and SETTINGS.
func wrap(t testing.TB, nc net.Conn) *Conn {
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(time.Minute))
	c := &Conn{NC: nc, W: bufio.NewWriter(nc), t: t}
	c.Fr = http2.NewFramer(c.W, bufio.NewReader(nc))
	c.Fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	c.Fr.AllowIllegalWrites = true
	return c
}

// Flush sends the frames written so far, failing the test when it cannot.
func (c *Conn) Flush() {
	if err := c.W.Flush(); err != nil {
		c.t.Fatal(err)
	}
}

// GoAway reads frames until a GOAWAY or the end of the connection, and
// returns the GOAWAY's code (ErrCodeNo and false when none came).
func (c *Conn) GoAway() (http2.ErrCode, bool) {
	for {
		f, err := c.Fr.ReadFrame()
		if err != nil {
			return http2.ErrCodeNo, false
		}
		if g, ok := f.(*http2.GoAwayFrame); ok {
			return g.ErrCode, true
		}
	}
}

// RequestFields are the header fields of a gRPC request for path, with
// extra fields (name, value pairs) after them.
func RequestFields(path string, extra ...string) []hpack.HeaderField {
	kv := append([]string{":method", "POST", ":scheme", "http", ":path", path, ":authority", "localhost",
		"content-type", "application/grpc", "te", "trailers"}, extra...)
	fields := make([]hpack.HeaderField, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		fields = append(fields, hpack.HeaderField{Name: kv[i], Value: kv[i+1]})
	}
	return fields
}
