package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

func TestParsePace(t *testing.T) {
	r, err := parsePace("requests 5000 errors 0 p50 812.4µs p99 3.1ms max 20ms\n")
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 5000 || r.Errors != 0 || r.P50 != 812400*time.Nanosecond || r.P99 != 3100*time.Microsecond || r.Max != 20*time.Millisecond {
		t.Fatalf("parsePace = %+v", r)
	}
	for _, bad := range []string{"", "requests 5 errors 0", "requests x errors 0 p50 1ms p99 1ms max 1ms", "requests 5 errors 0 p50 1 p99 1ms max 1ms"} {
		if _, err := parsePace(bad); err == nil {
			t.Errorf("parsePace(%q) accepted it", bad)
		}
	}
}

func TestParseConns(t *testing.T) {
	got, err := parseConns("1, 32,64,256")
	if err != nil || len(got) != 4 || got[0] != 1 || got[3] != 256 {
		t.Fatalf("parseConns = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "1,,2", "x", "20000"} {
		if _, err := parseConns(bad); err == nil {
			t.Errorf("parseConns(%q) accepted it", bad)
		}
	}
}

func TestMatrixMarkdownPairsRounds(t *testing.T) {
	mk := func(srv string, rep int, mode string, rps float64, cpu time.Duration) cell {
		return cell{Conns: 64, Mode: mode, sample: sample{Server: srv, Repeat: rep, CPUPerReq: cpu,
			Wrk: wrkResult{Requests: 1, RPS: rps, P50: time.Millisecond, P99: 2 * time.Millisecond}}}
	}
	all := []cell{
		mk("hl", 1, "close", 100, 20*time.Microsecond), mk("nginx", 1, "close", 200, 10*time.Microsecond),
		mk("hl", 2, "close", 300, 10*time.Microsecond), mk("nginx", 2, "close", 300, 10*time.Microsecond),
		mk("hl", 3, "close", 400, 10*time.Microsecond), mk("nginx", 3, "close", 100, 10*time.Microsecond),
	}
	md := matrixMarkdown(all, []server{{Name: "hl"}, {Name: "nginx"}}, []int{64}, "nginx", config{Repeats: 3}, "1", "2")
	// req/s ratios 0.5, 1, 4: median 1.00; CPU ratios 2, 1, 1: median 1.00.
	if !strings.Contains(md, "| 64 | close | hl | 300 | 1.00 | 10.0 µs | 1.00 |") {
		t.Errorf("paired medians missing:\n%s", md)
	}
	if !strings.Contains(md, "| 64 | keep-alive | hl | failed |") || !strings.Contains(md, "| 100 | paced | nginx | failed |") {
		t.Errorf("cells without a clean run are not shown as failed:\n%s", md)
	}
}

func TestRunRejectsBadMatrixConns(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-matrix", "-matrix-conns", "0", "-servers", "raw-fasthttp"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "-matrix-conns") {
		t.Fatalf("exit %d, stderr %q; want 2 and the flag named", code, stderr.String())
	}
}

func TestParseH2loadLog(t *testing.T) {
	lat, n, err := parseH2loadLog("1700000000000000\t200\t120\n1700000000000100\t-1\t5000\n1700000000000200\t200\t80\n1700000000000300\t200\t100\n")
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 || len(lat) != 3 || lat[0] != 80*time.Microsecond || lat[2] != 120*time.Microsecond {
		t.Fatalf("parseH2loadLog = %v, %d: want the 3 answered requests sorted, of 4", lat, n)
	}
	if p := percentile(lat, 0.5); p != 100*time.Microsecond {
		t.Errorf("p50 = %v, want 100µs", p)
	}
	if p := percentile(lat, 0.99); p != 120*time.Microsecond {
		t.Errorf("p99 = %v, want 120µs", p)
	}
	if p := percentile(nil, 0.99); p != 0 {
		t.Errorf("p99 of none = %v, want 0", p)
	}
	for _, bad := range []string{"1\t200\n", "1\t200\tx\n"} {
		if _, _, err := parseH2loadLog(bad); err == nil {
			t.Errorf("parseH2loadLog(%q) accepted it", bad)
		}
	}
}

func TestMatrixMarkdownSections(t *testing.T) {
	mk := func(srv string, mode string, conns int) cell {
		return cell{Conns: conns, Mode: mode, sample: sample{Server: srv, Repeat: 1, CPUPerReq: 10 * time.Microsecond,
			Wrk: wrkResult{Requests: 1, RPS: 100, P50: time.Millisecond, P99: 2 * time.Millisecond}}}
	}
	all := []cell{mk("healthlite-fasthttp", "metrics", 64), mk("healthlite-loop", "metrics", 64), mk("nginx", "metrics", 64),
		mk("healthlite-fasthttp", "grpc", 32), mk("healthlite-loop", "grpc", 32), mk("grpc-go-health", "grpc", 32)}
	list := []server{{Name: "healthlite-loop", Transport: true}, {Name: "healthlite-fasthttp", Transport: true}, {Name: "nginx", Nginx: true}}
	md := matrixMarkdown(all, list, []int{32}, "nginx", config{Repeats: 1}, "1", "2")
	for _, want := range []string{"### /metrics scrapes", "| 64 | metrics | healthlite-fasthttp | 100 | 1.00 |", "| 64 | metrics | healthlite-loop | 100 | 1.00 |",
		"### gRPC health Check", "× grpc-go-health", "| 32 | grpc | healthlite-fasthttp | 100 | 1.00 |", "| 32 | grpc | healthlite-loop | 100 | 1.00 |",
		"healthlite-loop is healthlite-fasthttp with `Server.EventLoop`"} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in:\n%s", want, md)
		}
	}
}

func TestPacedDuration(t *testing.T) {
	for d, want := range map[time.Duration]time.Duration{
		2 * time.Second:                       paceMin,
		0:                                     paceMin,
		15*time.Second + 400*time.Millisecond: 15 * time.Second,
		time.Hour:                             paceMax,
	} {
		if got := pacedDuration(d); got != want {
			t.Errorf("pacedDuration(%v) = %v, want %v", d, got, want)
		}
	}
	md := matrixMarkdown(nil, nil, []int{1}, "nginx", config{Repeats: 1, Duration: 2 * time.Second}, "1", "2")
	if !strings.Contains(md, "kept-alive connections for 10s a round") {
		t.Errorf("the table does not say how long a paced round lasts:\n%s", md)
	}
}
