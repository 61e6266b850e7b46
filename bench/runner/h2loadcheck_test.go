package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestH2loadCheck: the h2load command of both gRPC measures, with the
// warm-up only when there is one and the caller's options before the URL.
func TestH2loadCheck(t *testing.T) {
	cfg := config{Duration: 1500 * time.Millisecond, Warmup: 2 * time.Second}
	got := h2loadCheck(cfg, "http://127.0.0.1:8080/healthz", 4, 1, "/tmp/body", "--log-file", "/tmp/log")
	want := []string{"h2load", "-t", "1", "-c", "4", "-m", "1", "-D", "1", "-d", "/tmp/body",
		"-H", "content-type: application/grpc", "-H", "te: trailers", "--warm-up-time", "2",
		"--log-file", "/tmp/log", "http://127.0.0.1:8080/grpc.health.v1.Health/Check"}
	if !slices.Equal(got, want) {
		t.Errorf("argv\n got %q\nwant %q", got, want)
	}
	cfg.Warmup = 0
	if got := h2loadCheck(cfg, "http://x/healthz", 1, 8, "b"); slices.Contains(got, "--warm-up-time") {
		t.Errorf("argv %q has a warm-up without one", got)
	}
}

// TestRunH2loadNamesTheServer: a command that fails, or whose output is
// not h2load's, is an error that names the server.
func TestRunH2loadNamesTheServer(t *testing.T) {
	for _, argv := range [][]string{{"sh", "-c", "echo boom; exit 3"}, {"echo", "not h2load"}} {
		_, _, err := runH2load(context.Background(), config{}, "grpc-go-health", argv)
		if err == nil || !strings.HasPrefix(err.Error(), "grpc-go-health: ") {
			t.Errorf("%q: error %v, want one naming grpc-go-health", argv, err)
		}
	}
}
