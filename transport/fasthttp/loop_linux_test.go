//go:build linux

package fasthttp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// loopWait bounds what a loop test waits for: a working server takes
// milliseconds, a broken one never comes.
const loopWait = 20 * time.Second

// serveLoop serves s, with the event loop, on a loopback port until t
// ends (unless the test shut it down itself), and checks that the loop
// runs: without it fasthttp would serve everything and the test would
// prove nothing of the loop. served waits for Serve to return and returns
// its error.
func serveLoop(t *testing.T, s *Server) (addr string, served func() error) {
	t.Helper()
	s.EventLoop = true
	if s.Logger == nil {
		s.Logger = transporttest.Logger(t)
	}
	ln, err := transport.Listen(context.Background(), transport.Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: s.Logger})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var serveErr error
	go func() { serveErr = s.Serve(ln); close(done) }()
	served = func() error {
		select {
		case <-done:
			return serveErr
		case <-time.After(loopWait):
			return errors.New("Serve has not returned")
		}
	}
	coretest.WaitUntil(t, loopWait, "the event loop to start", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.loop != nil
	})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), loopWait)
		defer cancel()
		s.Shutdown(ctx)
		if err := served(); err != nil {
			t.Errorf("Serve returned %v after Shutdown, want nil", err)
		}
	})
	return ln.Addr().String(), served
}

// loopClient is a raw client connection: requests are written byte for
// byte, answers read with net/http's reader.
type loopClient struct {
	net.Conn
	br *bufio.Reader
}

func dialLoop(t *testing.T, addr string) *loopClient {
	t.Helper()
	c := dialRaw(t, addr)
	return &loopClient{Conn: c, br: bufio.NewReader(c)}
}

// dialRaw connects to addr, with loopWait for the whole test's traffic,
// closed when t ends.
func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, loopWait)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(loopWait))
	return c
}

// send writes raw in one write.
func (c *loopClient) send(t *testing.T, raw string) {
	t.Helper()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
}

// answer reads one answer to a request with this method, and its body.
func (c *loopClient) answer(t *testing.T, method string) (*http.Response, string) {
	t.Helper()
	r, err := http.ReadResponse(c.br, &http.Request{Method: method})
	if err != nil {
		t.Fatalf("reading the answer to %s: %v", method, err)
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("reading the body of the answer to %s: %v", method, err)
	}
	return r, string(b)
}

// probe sends GET target and checks the answer is the router's.
func (c *loopClient) probe(t *testing.T, h *core.Health, target string) {
	t.Helper()
	c.send(t, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\n\r\n")
	c.check(t, h, "GET", target)
}

// check reads an answer and checks it is the router's to method target
// from a local client.
func (c *loopClient) check(t *testing.T, h *core.Health, method, target string) {
	t.Helper()
	r, body := c.answer(t, method)
	want := route(h, method, target)
	if method == "HEAD" {
		want.Body = nil
	}
	if r.StatusCode != want.Status || body != string(want.Body) {
		t.Fatalf("%s %s: %d %q, want %d %q", method, target, r.StatusCode, body, want.Status, want.Body)
	}
}

// closed checks that the server closed the connection: the next read ends
// without a byte.
func (c *loopClient) closed(t *testing.T) {
	t.Helper()
	b, err := c.br.ReadByte()
	if err == nil {
		rest, _ := c.br.Peek(c.br.Buffered())
		t.Fatalf("the connection is open: read %q", append([]byte{b}, rest...))
	}
	if !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("waiting for the server to close the connection: %v", err)
	}
}

// route returns the router's answer to a local client.
func route(h *core.Health, method, target string) core.Response {
	path, query, _ := strings.Cut(target, "?")
	var resp core.Response
	h.Route(&core.Request{Method: method, Path: path, RawQuery: query, Local: true}, &resp)
	resp.Body = append([]byte(nil), resp.Body...)
	return resp
}

// handedReaders returns how many connections handed to fasthttp wait for
// a request in this process: each has a goroutine reading it, where the
// loop's connections have none.
func handedReaders() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), ".(*handedConn).Read(")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// serverFD returns the server's descriptor of the connection c, found
// among the process's descriptors by its addresses, or -1.
func serverFD(c net.Conn) int {
	local, peer := c.RemoteAddr().(*net.TCPAddr), c.LocalAddr().(*net.TCPAddr)
	ents, _ := os.ReadDir("/proc/self/fd")
	for _, e := range ents {
		fd, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		sa, err := syscall.Getsockname(fd)
		if err != nil || !sameAddr(sa, local) {
			continue
		}
		if pa, err := syscall.Getpeername(fd); err == nil && sameAddr(pa, peer) {
			return fd
		}
	}
	return -1
}

func sameAddr(sa syscall.Sockaddr, a *net.TCPAddr) bool {
	s4, ok := sa.(*syscall.SockaddrInet4)
	return ok && s4.Port == a.Port && net.IP(s4.Addr[:]).Equal(a.IP)
}

// unread returns how many bytes the client sent that the server has not
// read from c's socket, or -1 when it cannot tell.
func unread(c net.Conn) int { return serverQueue(c, syscall.TIOCINQ) } // SIOCINQ

// unsent returns how many bytes of answers lie in the send queue of the
// server's side of c, or -1 when it cannot tell.
func unsent(c net.Conn) int { return serverQueue(c, syscall.TIOCOUTQ) } // SIOCOUTQ

// serverQueue returns the byte count that ioctl req reports on the
// server's side of c, or -1 when it cannot tell.
func serverQueue(c net.Conn, req uint) int {
	fd := serverFD(c)
	if fd < 0 {
		return -1
	}
	n, err := ioctlInt(fd, req)
	if err != nil {
		return -1
	}
	return n
}

func ioctlInt(fd int, req uint) (int, error) {
	var v int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), uintptr(req), uintptr(unsafe.Pointer(&v))); e != 0 {
		return 0, e
	}
	return int(v), nil
}

// readsAll waits until the server has read every byte c sent: the loop
// then holds what it did not answer.
func readsAll(t *testing.T, c net.Conn) {
	t.Helper()
	coretest.WaitUntil(t, loopWait, fmt.Sprintf("the server to read what %s sent", c.LocalAddr()), func() bool { return unread(c) == 0 })
}
