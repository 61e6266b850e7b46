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
