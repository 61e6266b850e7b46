package checks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// run runs c once with a generous timeout and returns its result.
func run(t *testing.T, c core.Checker) core.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var r core.Result
	c.Check(ctx, &r)
	return r
}

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ready: yes")) })
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/down", http.StatusFound) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 1000) + "needle"))
	})
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTP(t *testing.T) {
	srv := newServer(t)
	only2xx, _ := ParseStatusRanges("200-299")
	tests := []struct {
		name       string
		path       string
		opts       HTTPOptions
		status     core.Status
		msgPrefix  string
		msgSuffix  string
		wantsValue bool
	}{
		{"200 passes", "/ok", HTTPOptions{}, core.StatusPass, "200 OK in ", "", true},
		{"503 fails", "/down", HTTPOptions{}, core.StatusFail, "503 Service Unavailable in ", ", want 200-399", true},
		{"redirect not followed passes by default", "/moved", HTTPOptions{}, core.StatusPass, "302 Found in ", "", true},
		{"redirect fails under 200-299", "/moved", HTTPOptions{Expect: only2xx}, core.StatusFail, "302 Found in ", ", want 200-299", true},
		{"404 fails", "/missing", HTTPOptions{}, core.StatusFail, "404 Not Found in ", ", want 200-399", true},
		{"contains found", "/ok", HTTPOptions{Contains: "ready: yes"}, core.StatusPass, "200 OK in ", "", true},
		{"contains missing", "/ok", HTTPOptions{Contains: "ready: no"}, core.StatusFail, "200 OK in ", `, body lacks "ready: no"`, true},
		{"contains within cap", "/big", HTTPOptions{Contains: "needle", MaxBody: 2000}, core.StatusPass, "200 OK in ", "", true},
		{"contains beyond cap", "/big", HTTPOptions{Contains: "needle", MaxBody: 1000}, core.StatusFail, "200 OK in ", `, body lacks "needle"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := srv.URL + tt.path
			r := run(t, HTTP(url, tt.opts))
			if r.Status != tt.status {
				t.Errorf("status = %v, want %v (%q)", r.Status, tt.status, r.Message)
			}
			prefix := "GET " + url + ": " + tt.msgPrefix
			if !strings.HasPrefix(r.Message, prefix) || !strings.HasSuffix(r.Message, tt.msgSuffix) {
				t.Errorf("message = %q, want %q…%q", r.Message, prefix, tt.msgSuffix)
			}
			if r.HasValue != tt.wantsValue || r.Value <= 0 || r.Value > 30 {
				t.Errorf("value = %v (has %v), want a latency in seconds", r.Value, r.HasValue)
			}
		})
	}
}

func TestHTTPConnectionRefused(t *testing.T) {
	addr := tcptest.FreeAddr(t)
	url := "http://" + addr + "/health"
	r := run(t, HTTP(url, HTTPOptions{}))
	want := "GET " + url + ": dial tcp " + addr + ": connect: connection refused"
	if r.Status != core.StatusFail || r.Message != want || r.HasValue {
		t.Errorf("got %v %q (value %v), want fail %q without value", r.Status, r.Message, r.HasValue, want)
	}
}

func TestHTTPBadURL(t *testing.T) {
	r := run(t, HTTP("http://[::1", HTTPOptions{}))
	if r.Status != core.StatusFail || !strings.HasPrefix(r.Message, "GET http://[::1: ") {
		t.Errorf("got %v %q, want fail naming the URL", r.Status, r.Message)
	}
}

func TestHTTPHonoursContext(t *testing.T) {
	arrived := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan core.Result, 1)
	go func() {
		var r core.Result
		HTTP(srv.URL, HTTPOptions{}).Check(ctx, &r)
		done <- r
	}()
	<-arrived
	cancel()
	select {
	case r := <-done:
		if want := "GET " + srv.URL + ": canceled"; r.Status != core.StatusFail || r.Message != want {
			t.Errorf("got %v %q, want fail %q", r.Status, r.Message, want)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("HTTP check ignored its canceled context")
	}
}

func TestHTTPCustomClient(t *testing.T) {
	srv := newServer(t)
	// A client that follows redirects sees /moved end at /down.
	r := run(t, HTTP(srv.URL+"/moved", HTTPOptions{Client: &http.Client{}}))
	if r.Status != core.StatusFail || !strings.Contains(r.Message, "503 Service Unavailable") {
		t.Errorf("got %v %q, want fail with 503 after following the redirect", r.Status, r.Message)
	}
}
