package transporttest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// trickleEvery is the pause between two trickled bytes, and trickleMax the
// most bytes trickled before the test gives up on the server closing the
// connection: 20 times the quick server's timeout.
const (
	trickleEvery = 10 * time.Millisecond
	trickleMax   = int(20 * quickTimeout / trickleEvery)
)

// testSlowloris trickles a request header one byte at a time, on a new
// connection and on a kept-alive one: the server must close the connection
// once its header timeout passes, without answering the request.
func testSlowloris(t *testing.T, addr string) {
	start := "GET /livez HTTP/1.1\r\nHost: transporttest\r\nX-Slow: "
	t.Run("NewConnection", func(t *testing.T) {
		c := dial(t, addr)
		trickle(t, c, start, "the slow header")
	})
	t.Run("KeptAlive", func(t *testing.T) {
		c := dial(t, addr)
		if a, ok := c.do(t, get("/livez")); !ok || a.StatusCode != 200 {
			t.Fatal("the first request on the connection failed")
		}
		trickle(t, c, start, "the slow second header")
	})
}

// testSlowBody sends a header at once and trickles the body it announces
// (smaller than the body cap): the server must close the connection once
// its read timeout passes. It may answer first, as the request needs no
// body, but never keep reading.
func testSlowBody(t *testing.T, addr string) {
	c := dial(t, addr)
	trickle(t, c, "POST /livez HTTP/1.1\r\nHost: transporttest\r\nContent-Length: 1000\r\n\r\n", "the slow body")
}

// testSilent opens a connection and sends nothing: the server must close
// it once its header timeout passes.
func testSilent(t *testing.T, addr string) {
	c := dial(t, addr)
	waitClosed(t, c, "a connection that sends nothing", true)
}

// testIdleKeepAlive leaves a kept-alive connection idle after one request:
// the server must close it once its idle timeout passes.
func testIdleKeepAlive(t *testing.T, addr string) {
	c := dial(t, addr)
	if a, ok := c.do(t, get("/livez")); !ok || a.StatusCode != 200 {
		t.Fatal("the first request on the connection failed")
	}
	waitClosed(t, c, "an idle kept-alive connection", true)
}

// trickle writes start, then one byte every trickleEvery, until the server
// closes the connection or trickleMax bytes have gone; the test fails in
// the second case, or if the server answered the unfinished request with a
// success.
func trickle(t *testing.T, c *conn, start, what string) {
	t.Helper()
	if _, err := io.WriteString(c.c, start); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	var got []byte
	var readErr error
	go func() {
		defer close(closed)
		got, readErr = io.ReadAll(c.br)
	}()
	sent := 0
	tick := time.NewTicker(trickleEvery)
	defer tick.Stop()
loop:
	for ; sent < trickleMax; sent++ {
		select {
		case <-closed:
			break loop
		case <-tick.C:
		}
		if _, err := c.c.Write([]byte{'a'}); err != nil {
			break // the server closed its end; the reader sees why
		}
	}
	if sent == trickleMax {
		c.c.SetReadDeadline(time.Now()) // stop waiting: the test has failed
	}
	<-closed
	if !closedByPeer(readErr) {
		t.Errorf("%s: the server kept the connection open through %d bytes trickled one per %v (read: %v)", what, sent, trickleEvery, readErr)
		return
	}
	if bytes.Contains(got, []byte("HTTP/1.1 2")) && !strings.HasPrefix(start, "POST") {
		t.Errorf("%s: the server answered an unfinished request:\n%s", what, got)
	}
	t.Logf("%s: closed by the server after %d bytes trickled (answer: %q)", what, sent, firstLine(got))
}

// waitClosed reads from c until the server closes the connection, and
// fails the test if the connection is still open after 20 times the quick
// server's timeout; refuse requires that no success was sent.
func waitClosed(t *testing.T, c *conn, what string, refuse bool) {
	t.Helper()
	c.c.SetReadDeadline(time.Now().Add(20 * quickTimeout))
	got, err := io.ReadAll(c.br)
	if !closedByPeer(err) {
		t.Errorf("%s: the server kept the connection open (read: %v)", what, err)
		return
	}
	if refuse && bytes.Contains(got, []byte("HTTP/1.1 2")) {
		t.Errorf("%s: the server answered with a success:\n%s", what, got)
	}
	t.Logf("%s: closed by the server (answer: %q)", what, firstLine(got))
}

// closedByPeer reports whether a read ended because the other end closed
// the connection (EOF, or a reset when it closed with data unread), not
// because of the reader's own deadline.
func closedByPeer(err error) bool {
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout()) && !errors.Is(err, os.ErrDeadlineExceeded)
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\r\n"))
	return string(line)
}
