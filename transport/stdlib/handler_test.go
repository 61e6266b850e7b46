package stdlib_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/stdlib"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// verboseShown reports whether ?verbose showed check messages, which the
// default Details policy (DetailsLocal) allows only to local clients.
func verboseShown(body string) bool { return strings.Contains(body, ": backlog") }

func TestLocality(t *testing.T) {
	hd := stdlib.NewHandler(transporttest.NewBenchHealth(t))
	for _, tt := range []struct {
		remote, host string
		local        bool
	}{
		{"127.0.0.1:5000", "localhost:8080", true},
		{"127.0.0.1:5000", "127.0.0.1:8080", true},
		{"127.0.0.1:5000", "", true},
		{"[::1]:5000", "[::1]:8080", true},
		{"[::ffff:127.0.0.1]:5000", "localhost", true},
		{"127.0.0.1:5000", "rebind.example:8080", false}, // DNS rebinding: a web page on loopback
		{"192.0.2.7:5000", "localhost", false},
		{"[2001:db8::1]:5000", "localhost", false},
		{"", "localhost", false},
		{"garbage", "localhost", false},
	} {
		r := httptest.NewRequest("GET", "/readyz?verbose", nil)
		r.RemoteAddr, r.Host = tt.remote, tt.host
		w := httptest.NewRecorder()
		hd.ServeHTTP(w, r)
		if got := verboseShown(w.Body.String()); got != tt.local {
			t.Errorf("client %q, Host %q: details shown %v, want %v:\n%s", tt.remote, tt.host, got, tt.local, w.Body)
		}
	}
}

// TestUnixSocketIsLocal serves on a real unix socket: its clients are local.
func TestUnixSocketIsLocal(t *testing.T) {
	sock := t.TempDir() + "/health.sock"
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &stdlib.Server{Health: transporttest.NewBenchHealth(t)}
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	client := http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	resp, err := client.Get("http://unix/readyz?verbose")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !verboseShown(string(body)) {
		t.Fatalf("a unix socket client was not treated as local:\n%s", body)
	}
}

// TestServeWithoutHealth is a clear error, not a panic on the first request.
func TestServeWithoutHealth(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	err = (&stdlib.Server{}).Serve(ln)
	if err == nil || err.Error() != "healthlite: stdlib.Server: Health is nil" {
		t.Fatalf("Serve without Health = %v", err)
	}
}

// TestBadCustomStatus: a custom endpoint that sets no valid status gets a
// 500, not a panic in net/http.
func TestBadCustomStatus(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	h.Handle("/bad", func(_ *core.Request, resp *core.Response) { resp.Status = 0 })
	w := httptest.NewRecorder()
	stdlib.NewHandler(h).ServeHTTP(w, httptest.NewRequest("GET", "/bad", nil))
	if w.Code != 500 {
		t.Fatalf("status %d, want 500", w.Code)
	}
}
