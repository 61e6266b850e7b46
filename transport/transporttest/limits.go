package transporttest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/transport"
)

// testLimits checks the hardened defaults: a request body beyond the tiny
// cap gets 413, a header beyond the size cap gets 431, and either way the
// connection is closed.
func testLimits(t *testing.T, addr string) {
	t.Run("BodyCap", func(t *testing.T) {
		c := dial(t, addr)
		body := strings.Repeat("x", 64<<10)
		if _, err := io.WriteString(c.c, "POST /health HTTP/1.1\r\nHost: transporttest\r\nContent-Length: 65536\r\n\r\n"+body); err != nil {
			t.Fatal(err)
		}
		if body := expectRefused(t, c, http.StatusRequestEntityTooLarge); body != transport.TooLargeText+"\n" {
			t.Errorf("413 body %q, want %q (the same on every transport)", body, transport.TooLargeText+"\n")
		}
	})
	t.Run("ChunkedBody", func(t *testing.T) {
		c := dial(t, addr)
		if _, err := io.WriteString(c.c, "POST /health HTTP/1.1\r\nHost: transporttest\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		if body := expectRefused(t, c, http.StatusRequestEntityTooLarge); body != transport.TooLargeText+"\n" {
			t.Errorf("413 body %q, want %q (the same on every transport)", body, transport.TooLargeText+"\n")
		}
	})
	t.Run("HeaderCap", func(t *testing.T) {
		c := dial(t, addr)
		big := "X-Big: " + strings.Repeat("y", 64<<10) + "\r\n"
		if _, err := io.WriteString(c.c, "GET /health HTTP/1.1\r\nHost: transporttest\r\n"+big+"\r\n"); err != nil {
			t.Fatal(err)
		}
		expectRefused(t, c, http.StatusRequestHeaderFieldsTooLarge)
	})
}

// expectRefused reads an answer with status code and then the end of the
// connection, and returns the answer's body.
func expectRefused(t *testing.T, c *conn, code int) string {
	t.Helper()
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != code {
		t.Fatalf("status %d, want %d", resp.StatusCode, code)
	}
	for {
		if _, err := c.br.Read(make([]byte, 4096)); err != nil {
			if !errors.Is(err, io.EOF) && !strings.Contains(err.Error(), "reset") {
				t.Fatalf("connection not closed: %v", err)
			}
			return string(body)
		}
	}
}
