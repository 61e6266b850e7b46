package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestProbeTargets(t *testing.T) {
	got, err := probeTargets("8080-8082", "", "", "127.0.0.1", "/readyz")
	if err != nil || len(got) != 3 || got[2].String() != "http://127.0.0.1:8082/readyz" {
		t.Errorf("ports: %v, %v", got, err)
	}
	got, err = probeTargets("", "", "https://example.com/health?full=1", "", "/ignored")
	if err != nil || len(got) != 1 || got[0].host != "example.com:443" || got[0].path != "/health?full=1" || got[0].scheme != "https" {
		t.Errorf("url: %+v, %v", got, err)
	}
	got, err = probeTargets("", "", "", "::1", "/health")
	if err != nil || len(got) != 5 || got[0].host != "[::1]:8080" {
		t.Errorf("default ports on ::1: %+v, %v", got, err)
	}
	for _, bad := range []struct{ ports, url, path, want string }{
		{"0", "", "/health", "port 0 cannot be probed"},
		{"8080", "", "health", `--path "health" must start with /`},
		{"", "tcp://x:1", "/", "is not an http:// or https:// URL"},
		{"80-70", "", "/", `"80-70"`},
	} {
		if _, err := probeTargets(bad.ports, "", bad.url, "127.0.0.1", bad.path); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("probeTargets(%q, %q, %q) error %v, want %q", bad.ports, bad.url, bad.path, err, bad.want)
		}
	}
}

// BenchmarkProbeOnce measures one probe request (dial, GET, status line)
// against a local net/http server.
func BenchmarkProbeOnce(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	target := probeTarget{scheme: "http", host: strings.TrimPrefix(srv.URL, "http://"), path: "/health"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b.ReportAllocs()
	for b.Loop() {
		if code, _, err := probeOnce(ctx, target, nil); err != nil || code != 200 {
			b.Fatal(code, err)
		}
	}
}
