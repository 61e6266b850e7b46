package main

import (
	"strings"
	"testing"
	"time"
)

const h2loadOut = `starting benchmark...
spawning thread #0: 32 total client(s). 20000 total requests
Application protocol: h2c
progress: 10% done

finished in 1.34s, 14913.83 req/s, 1.02MB/s
requests: 20000 total, 20000 started, 20000 done, 20000 succeeded, 0 failed, 0 errored, 0 timeout
status codes: 20000 2xx, 0 3xx, 0 4xx, 0 5xx
traffic: 1.37MB (1436416) total, 557.13KB (570496) headers (space savings 93.26%), 136.72KB (140000) data
`

func TestParseH2load(t *testing.T) {
	rps, ok, err := parseH2load(h2loadOut)
	if err != nil || rps != 14913.83 || ok != 20000 {
		t.Fatalf("parseH2load = %v, %v, %v", rps, ok, err)
	}
	bad := strings.Replace(h2loadOut, "20000 succeeded, 0 failed, 0 errored", "19990 succeeded, 0 failed, 10 errored", 1)
	if _, _, err := parseH2load(bad); err == nil || !strings.Contains(err.Error(), "10 errored") {
		t.Errorf("errored requests: %v", err)
	}
	if _, _, err := parseH2load("connect failed"); err == nil {
		t.Error("garbage accepted")
	}
}

func TestGRPCMarkdown(t *testing.T) {
	all := []grpcSample{
		{Server: "healthlite-fasthttp", Streams: 1, RPS: 30000, CPUPerReq: 5 * time.Microsecond, AllocsPerReq: 0},
		{Server: "grpc-go-health", Streams: 1, RPS: 10000, CPUPerReq: 20 * time.Microsecond, AllocsPerReq: 56},
		{Server: "healthlite-fasthttp", Streams: 10, RPS: 90000, AllocsPerReq: 0},
		{Server: "grpc-go-health", Streams: 10, RPS: 30000, AllocsPerReq: 55},
		{Server: "healthlite-loop", Streams: 1, RPS: 25000, CPUPerReq: 5 * time.Microsecond, AllocsPerReq: 0},
		{Server: "healthlite-loop", Streams: 10, RPS: 60000, AllocsPerReq: 0.5},
	}
	md := grpcMarkdown(all, "", false)
	for _, want := range []string{"| healthlite-fasthttp | 1 | 30000 | 3.00 | 5.0 µs | 4.00 | 0.000 |", "| grpc-go-health | 10 | 30000 | — | — | — | 55.000 |",
		"| healthlite-loop | 1 | 25000 | 2.50 | 5.0 µs | 4.00 | 0.000 |",
		"healthlite-fasthttp 3.00× with 1 stream(s), 0.000 allocs/req, 3.00× with 10 stream(s), 0.000 allocs/req; met;",
		"healthlite-loop 2.50× with 1 stream(s), 0.000 allocs/req, 2.00× with 10 stream(s), 0.500 allocs/req; not met."} {
		if !strings.Contains(md, want) {
			t.Errorf("table lacks %q:\n%s", want, md)
		}
	}
	all[2].RPS = 50000 // 1.67× grpc-go
	all[5].AllocsPerReq = 0
	if md := grpcMarkdown(all, "", false); !strings.Contains(md, "1.67× with 10 stream(s), 0.000 allocs/req; not met;") ||
		!strings.Contains(md, "healthlite-loop 2.50× with 1 stream(s), 0.000 allocs/req, 2.00× with 10 stream(s), 0.000 allocs/req; met.") {
		t.Errorf("goals judged apart, table says:\n%s", md)
	}
	if md := grpcMarkdown(nil, "h2load not found", false); !strings.Contains(md, "Not run: h2load not found") {
		t.Errorf("%s", md)
	}
}

func TestGRPCSummaries(t *testing.T) {
	all := []grpcSample{
		{Server: "healthlite-fasthttp", Streams: 1, RPS: 30000, CPUPerReq: 5 * time.Microsecond},
		{Server: "healthlite-fasthttp", Streams: 1, RPS: 20000, CPUPerReq: 7 * time.Microsecond},
		{Server: "healthlite-fasthttp", Streams: 1, RPS: 25000, CPUPerReq: 6 * time.Microsecond},
	}
	sums := grpcSummaries(all)
	if len(sums) != len(grpcServers)*len(grpcStreams) {
		t.Fatalf("%d summaries", len(sums))
	}
	if s := sums[0]; s.Server != "healthlite-fasthttp, 1 stream(s)" || s.RPS != 25000 || s.MinRPS != 20000 || s.MaxRPS != 30000 || s.CPUPerReq != 6*time.Microsecond {
		t.Errorf("%+v", s)
	}
	if _, err := chartSVG(sums, "gRPC", "req/s", throughputBar); err != nil {
		t.Errorf("chart: %v", err)
	}
}
