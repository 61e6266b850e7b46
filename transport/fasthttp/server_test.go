package fasthttp

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestUnixSocketIsLocal serves on a real unix socket: its clients are local.
func TestUnixSocketIsLocal(t *testing.T) {
	sock := t.TempDir() + "/health.sock"
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	h := transporttest.NewBenchHealth(t)
	srv := &Server{Health: h}
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /readyz?verbose HTTP/1.1\r\nHost: unix\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), ": backlog") {
		t.Fatalf("a unix socket client was not treated as local:\n%s", body)
	}
}

// TestServeWithoutHealth is a clear error, not a panic on the first request.
func TestServeWithoutHealth(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = (&Server{}).Serve(ln)
	if err == nil || err.Error() != "healthlite: fasthttp.Server: Health is nil" {
		t.Fatalf("Serve without Health = %v", err)
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Fatal("the listener was left open")
	}
}
