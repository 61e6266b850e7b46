package transport

import (
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// readCountingListener counts the Reads on the connections it accepts.
type readCountingListener struct {
	net.Listener
	reads atomic.Int32
}

func (l *readCountingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &readCountingConn{Conn: c, reads: &l.reads}, nil
}

type readCountingConn struct {
	net.Conn
	reads *atomic.Int32
}

func (c *readCountingConn) Read(p []byte) (int, error) {
	c.reads.Add(1)
	return c.Conn.Read(p)
}

// splitPieces is split with the client's bytes written in pieces (a pause
// between them) and read on the HTTP side size bytes at a time. It returns
// what each side read.
func splitPieces(t *testing.T, pieces []string, size int, wantH2 bool) (httpRead, h2Read string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range pieces {
		total += len(p)
	}
	h2 := make(chan string, 1)
	sl := SplitH2C(ln, func(c net.Conn) {
		b, _ := io.ReadAll(io.LimitReader(c, int64(total)))
		c.Close()
		h2 <- string(b)
	})
	defer sl.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	go func() {
		for i, p := range pieces {
			if i > 0 {
				time.Sleep(20 * time.Millisecond)
			}
			c.Write([]byte(p))
		}
		c.(*net.TCPConn).CloseWrite()
	}()
	s, err := sl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	s.SetDeadline(time.Now().Add(20 * time.Second))
	var got []byte
	buf := make([]byte, size)
	for {
		n, err := s.Read(buf)
		got = append(got, buf[:n]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if !wantH2 {
		return string(got), ""
	}
	select {
	case r := <-h2:
		return string(got), r
	case <-time.After(20 * time.Second):
		t.Fatal("the HTTP/2 side never got the connection")
		return "", ""
	}
}

// TestSplitH2CPieces feeds the split the preface and HTTP/1 requests, whole
// and in pieces, and reads them through buffers smaller and larger than the
// preface: each side reads exactly what the client sent it.
func TestSplitH2CPieces(t *testing.T) {
	req := "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	for _, tc := range []struct {
		name   string
		pieces []string
		http   string
		h2     string
	}{
		{"request whole", []string{req}, req, ""},
		{"request in pieces", []string{"GE", "T / HTTP/1.1\r\n", "Host: x\r\n\r\n"}, req, ""},
		{"nothing", []string{""}, "", ""},
		{"the client stops in the preface", []string{"PR"}, "PR", ""},                                             // HTTP reads what came, then EOF
		{"preface's start, then HTTP/1, whole", []string{"PRI * HTTP/1.1\r\n\r\n"}, "PRI * HTTP/1.1\r\n\r\n", ""}, // differs at byte 10
		{"preface's start, then HTTP/1", []string{"PRI * HTTP/", "1.1\r\n\r\n"}, "PRI * HTTP/1.1\r\n\r\n", ""},
		{"preface's start only", []string{"PRI * HTTP/2.0\r\n"}, "PRI * HTTP/2.0\r\n", ""},
		{"preface with frames", []string{h2Preface + "frames"}, "", h2Preface + "frames"},
		{"preface in pieces", []string{"PRI * HT", "TP/2.0\r\n\r\nSM", "\r\n\r\nframes"}, "", h2Preface + "frames"},
	} {
		for _, size := range []int{1, 7, len(h2Preface), 4096} {
			httpRead, h2Read := splitPieces(t, tc.pieces, size, tc.h2 != "")
			if httpRead != tc.http || h2Read != tc.h2 {
				t.Errorf("%s, %d-byte reads: HTTP read %q, HTTP/2 read %q; want %q, %q", tc.name, size, httpRead, h2Read, tc.http, tc.h2)
			}
		}
	}
}

// TestSplitH2COneReadForHTTP1 counts the reads on the socket: an HTTP/1
// request that arrives whole is read with one read, into the HTTP
// server's buffer, as it would be without the split.
func TestSplitH2COneReadForHTTP1(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &readCountingListener{Listener: ln}
	sl := SplitH2C(cl, func(c net.Conn) { c.Close() })
	defer sl.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
	if _, err := c.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	s, err := sl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetDeadline(time.Now().Add(20 * time.Second))
	buf := make([]byte, 4096)
	got := 0
	for got < len(req) { // the loopback delivers one write whole; more reads only if not
		n, err := s.Read(buf[got:])
		if err != nil {
			t.Fatal(err)
		}
		got += n
	}
	if string(buf[:got]) != req {
		t.Fatalf("read %q, want %q", buf[:got], req)
	}
	if n := cl.reads.Load(); n != 1 {
		t.Fatalf("%d reads on the socket for one request, want 1", n)
	}
}
