package wasm

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// server starts a real HTTP server on 127.0.0.1 and returns its base URL
// and host:port.
func server(t *testing.T, h http.HandlerFunc) (string, string) {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL, strings.TrimPrefix(s.URL, "http://")
}

func httpCheck(t *testing.T, url string, allow ...string) (core.Result, float64) {
	t.Helper()
	c := load(t, "http", Options{Name: "http", Timeout: 5 * time.Second, Config: map[string]string{"url": url}, Allow: allow})
	r := run(c)
	m := c.LastMetrics()
	if len(m) != 1 || m[0].Name != "code" {
		t.Fatalf("%s: metrics %v, want code; result %v %q", url, m, r.Status, r.Message)
	}
	return r, m[0].Value
}

func TestHTTPGet(t *testing.T) {
	url, hostport := server(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/back":
			http.Redirect(w, r, "/ok", http.StatusFound)
		default:
			fmt.Fprint(w, "hello world")
		}
	})
	other, otherHostport := server(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "other") })
	away, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other+"/", http.StatusFound)
	})
	_, port, _ := net.SplitHostPort(hostport)
	for _, tc := range []struct {
		name  string
		url   string
		allow []string
		code  float64
		st    core.Status
	}{
		{"allowed", url + "/ok", []string{hostport}, 200, core.StatusPass},
		{"status passed through", url + "/down", []string{hostport}, 503, core.StatusFail},
		{"redirect to an allowed host", url + "/back", []string{hostport}, 200, core.StatusPass},
		{"denied by default", url + "/ok", nil, -1, core.StatusFail},
		{"other port only", url + "/ok", []string{otherHostport}, -1, core.StatusFail},
		{"redirect to a host not allowed", away, []string{strings.TrimPrefix(away, "http://")}, -1, core.StatusFail},
		{"listed name", "http://LocalHost:" + port + "/ok", []string{"localhost:" + port}, 200, core.StatusPass},
		{"unlisted name whose every address is listed", "http://localhost:" + port + "/ok", []string{"127.0.0.1:" + port, "[::1]:" + port}, 200, core.StatusPass},
		{"unlisted name, other port", "http://localhost:" + port + "/ok", []string{"127.0.0.1:1"}, -1, core.StatusFail},
		{"not http", "ftp://" + hostport + "/", []string{hostport}, -3, core.StatusFail},
		{"no host", "http:///ok", []string{hostport}, -3, core.StatusFail},
		{"not a URL", "::nonsense", []string{hostport}, -3, core.StatusFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, code := httpCheck(t, tc.url, tc.allow...)
			if code != tc.code || r.Status != tc.st {
				t.Fatalf("code %v status %v (%q), want %v %v", code, r.Status, r.Message, tc.code, tc.st)
			}
			if tc.code == 200 && r.Message != "hello" {
				t.Errorf("message %q, want the first 5 body bytes \"hello\"", r.Message)
			}
		})
	}
}

func TestHTTPGetNetworkError(t *testing.T) {
	addr := tcptest.FreeAddr(t) // nothing listens there
	if _, code := httpCheck(t, "http://"+addr+"/", addr); code != -2 {
		t.Fatalf("code %v, want -2", code)
	}
}

func TestHTTPGetHonoursDeadline(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	url, hostport := server(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	c := load(t, "http", Options{Timeout: 50 * time.Millisecond, Config: map[string]string{"url": url}, Allow: []string{hostport}})
	r := run(c)
	if r.Status != core.StatusFail || r.Message != "timeout after 50ms" {
		t.Fatalf("got %v %q, want fail \"timeout after 50ms\"", r.Status, r.Message)
	}
}

func TestTCPDial(t *testing.T) {
	open := tcptest.Serve(t, tcptest.Close)
	closed := tcptest.FreeAddr(t)
	for _, tc := range []struct {
		addr  string
		allow []string
		want  float64
	}{
		{open, []string{open}, 0},
		{open, nil, -1},
		{closed, []string{closed}, -2},
		{"no port", []string{open}, -1},
	} {
		c := load(t, "tcp", Options{Config: map[string]string{"addr": tc.addr}, Allow: tc.allow})
		r := run(c)
		m := c.LastMetrics()
		if len(m) != 1 || m[0].Value != tc.want {
			t.Errorf("tcp_dial(%q) allow %v: %v (%v %q), want %v", tc.addr, tc.allow, m, r.Status, r.Message, tc.want)
		}
	}
}
