package main

import (
	"net"
	"net/http"
	"testing"
	"time"
)

func serve(t *testing.T, status int) string {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		w.Write([]byte("ok"))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

func TestLoadPacesRequests(t *testing.T) {
	host := serve(t, http.StatusOK)
	// 100 req/s from 4 connections for 1s: 25 due per connection.
	r := load(host, "/healthz", 100, 4, time.Second)
	if r.errors != 0 || len(r.latencies) != 100 {
		t.Fatalf("%d answers and %d errors; want the 100 requests that were due, no error", len(r.latencies), r.errors)
	}
}

func TestLoadCountsErrorStatuses(t *testing.T) {
	host := serve(t, http.StatusServiceUnavailable)
	r := load(host, "/healthz", 20, 2, time.Second)
	if r.errors != 20 || len(r.latencies) != 0 {
		t.Fatalf("%d answers and %d errors; want every request counted as an error", len(r.latencies), r.errors)
	}
}

func TestLoopbackTarget(t *testing.T) {
	if h, p, err := loopbackTarget("http://127.0.0.1:8080/healthz?x=1"); err != nil || h != "127.0.0.1:8080" || p != "/healthz?x=1" {
		t.Fatalf("loopbackTarget = %q, %q, %v", h, p, err)
	}
	for _, bad := range []string{"", "http://example.com:80/", "https://127.0.0.1:8080/", "http://127.0.0.1/", "http://10.0.0.1:80/"} {
		if _, _, err := loopbackTarget(bad); err == nil {
			t.Errorf("loopbackTarget(%q) accepted it", bad)
		}
	}
}

func TestQuantile(t *testing.T) {
	var l []time.Duration
	for i := 1; i <= 100; i++ {
		l = append(l, time.Duration(i))
	}
	if quantile(l, 0.5) != 50 || quantile(l, 0.99) != 99 || quantile(l, 1) != 100 || quantile(nil, 0.99) != 0 {
		t.Fatalf("quantiles of 1..100: %v %v %v", quantile(l, 0.5), quantile(l, 0.99), quantile(l, 1))
	}
}
