package transport

import (
	"io"
	"net"
	"testing"
	"time"
)

// split accepts one connection through SplitH2C, writes client to it and
// returns what the HTTP side reads, and what the HTTP/2 side read if the
// connection went there.
func split(t *testing.T, client string, wantH2 bool) (httpRead, h2Read string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h2 := make(chan string, 1)
	sl := SplitH2C(ln, func(c net.Conn) {
		b, _ := io.ReadAll(io.LimitReader(c, int64(len(client))))
		c.Close()
		h2 <- string(b)
	})
	defer sl.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte(client))
	c.(*net.TCPConn).CloseWrite()
	defer c.Close()
	s, err := sl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	s.SetDeadline(time.Now().Add(20 * time.Second))
	b, err := io.ReadAll(s)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if !wantH2 {
		return string(b), "" // the HTTP side read it all: it was never handed over
	}
	select {
	case r := <-h2:
		return string(b), r
	case <-time.After(20 * time.Second):
		t.Fatal("the HTTP/2 side never got the connection")
		return "", ""
	}
}

func TestSplitH2C(t *testing.T) {
	for _, tc := range []struct{ in, http, h2 string }{
		{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", ""},
		{"PRI * HTTP/1.1\r\n\r\n", "PRI * HTTP/1.1\r\n\r\n", ""}, // differs at byte 10
		{"PR", "PR", ""}, // the client stopped: HTTP reads what came, then EOF
		{"", "", ""},
		{h2Preface + "frames", "", h2Preface + "frames"},
	} {
		httpRead, h2Read := split(t, tc.in, tc.h2 != "")
		if httpRead != tc.http || h2Read != tc.h2 {
			t.Errorf("%q: HTTP read %q, HTTP/2 read %q; want %q, %q", tc.in, httpRead, h2Read, tc.http, tc.h2)
		}
	}
}
