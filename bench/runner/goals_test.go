package main

import (
	"math"
	"testing"
	"time"
)

func TestSummarizeMedians(t *testing.T) {
	list := []server{{Name: "a"}, {Name: "b"}}
	mk := func(name string, rps float64, allocs float64, err error) sample {
		return sample{Server: name, Wrk: wrkResult{RPS: rps, P50: time.Duration(rps), P99: 2 * time.Duration(rps)}, CPUPerReq: time.Duration(rps), AllocsPerReq: allocs, MaxRSS: uint64(rps), Err: err}
	}
	all := []sample{
		mk("a", 300, 1, nil), mk("b", 10, math.NaN(), nil), mk("a", 100, 3, nil),
		mk("a", 999, 9, errTest), mk("a", 200, 2, nil), mk("b", 30, math.NaN(), nil),
	}
	sums := summarize(list, all)
	a, b := sums[0], sums[1]
	if a.Runs != 3 || a.Failed != 1 || a.RPS != 200 || a.MinRPS != 100 || a.MaxRPS != 300 || a.AllocsPerReq != 2 || a.MaxRSS != 300 || a.P99 != 400 {
		t.Fatalf("a: %+v", a)
	}
	if b.Runs != 2 || b.RPS != 20 || !math.IsNaN(b.AllocsPerReq) || b.CPUPerReq != 20 {
		t.Fatalf("b: %+v", b)
	}
	if r := ratio(sums, a, "b"); r != 10 {
		t.Fatalf("ratio = %v", r)
	}
	if r := ratio(sums, a, "nginx"); !math.IsNaN(r) {
		t.Fatalf("ratio to a missing server = %v", r)
	}
}

type testErr string

func (e testErr) Error() string { return string(e) }

const errTest = testErr("failed")

func TestLoadGoals(t *testing.T) {
	sums := []summary{
		{Server: "healthlite-fasthttp", Runs: 3, RPS: 120, AllocsPerReq: 0.001, CPUPerReq: 10},
		{Server: "nginx", Runs: 3, RPS: 110, CPUPerReq: 8},
		{Server: "raw-fasthttp", Runs: 3, RPS: 130},
		{Server: "alexliesenfeld-health", Runs: 3, RPS: 50},
		{Server: "healthlite-stdlib", Runs: 0, Failed: 3},
		{Server: "raw-nethttp", Runs: 3, RPS: 80},
	}
	got := map[string]string{}
	for _, g := range loadGoals(sums) {
		got[g.What] = g.Met + " " + g.Measured
		if g.What == "healthlite-fasthttp ≥ 1.00× nginx" && (g.ByCPU != "0.80×" || g.MetByCPU != "no") {
			t.Errorf("by CPU: %+v", g)
		}
	}
	want := map[string]string{
		"healthlite-fasthttp ≥ 1.00× nginx":                 "yes 1.09×",
		"healthlite-fasthttp ≥ 0.95× raw-fasthttp":          "no 0.92×",
		"healthlite-fasthttp ≥ 2.20× alexliesenfeld-health": "yes 2.40×",
		"healthlite-fasthttp: 0 allocations per request":    "yes 0.001 allocs/req",
		"healthlite-stdlib ≥ 0.95× raw-nethttp":             "not measured —",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	sums[0].AllocsPerReq = 1
	for _, g := range loadGoals(sums) {
		if g.What == "healthlite-fasthttp: 0 allocations per request" && g.Met != "no" {
			t.Errorf("1 alloc/req met the 0-alloc goal: %+v", g)
		}
	}
}

func TestMetricsGoals(t *testing.T) {
	lines := []benchLine{
		{Package: "metricsbench", Name: "BenchmarkScrape/healthlite-prometheus", NsPerOp: 10, AllocsPerOp: 0},
		{Package: "metricsbench", Name: "BenchmarkScrape/healthlite-openmetrics", NsPerOp: 11, AllocsPerOp: 0},
		{Package: "metricsbench", Name: "BenchmarkScrape/healthlite-json", NsPerOp: 12, AllocsPerOp: 0},
		{Package: "metricsbench", Name: "BenchmarkScrape/client_golang", NsPerOp: 150, AllocsPerOp: 900},
		{Package: "metricsbench", Name: "BenchmarkScrape/VictoriaMetrics", NsPerOp: 40, AllocsPerOp: 2},
		{Package: "metricsbench", Name: "BenchmarkOther/client_golang", NsPerOp: 1},
		{Package: "../wasm", Name: "BenchmarkScrape/client_golang", NsPerOp: 1},
	}
	gs := metricsGoals(lines)
	if len(gs) != 3 {
		t.Fatalf("got %d goals: %+v", len(gs), gs)
	}
	if gs[0].Met != "yes" || gs[0].Measured != "15.0× (10 vs 150 ns/op)" {
		t.Errorf("client_golang goal: %+v", gs[0])
	}
	if gs[1].Met != "no" || gs[1].Measured != "4.0× (10 vs 40 ns/op)" {
		t.Errorf("VictoriaMetrics goal: %+v", gs[1])
	}
	if gs[2].Met != "yes" {
		t.Errorf("alloc goal: %+v", gs[2])
	}
	if gs := metricsGoals(nil); len(gs) != 1 || gs[0].Met != "not measured" {
		t.Errorf("no benchmarks: %+v", gs)
	}
}

func TestMedianEven(t *testing.T) {
	if m := median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Fatalf("median = %v", m)
	}
}
