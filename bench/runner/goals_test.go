package main

import (
	"math"
	"strings"
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
	// Three rounds; round 2 is slow for everyone (a busy machine), and
	// healthlite-stdlib never ran cleanly.
	rps := map[string][3]float64{
		"healthlite-fasthttp":   {120, 60, 121},
		"healthlite-loop":       {100, 60, 99},
		"nginx":                 {110, 55, 110},
		"raw-fasthttp":          {130, 65, 125},
		"alexliesenfeld-health": {50, 25, 50},
		"raw-nethttp":           {80, 40, 80},
	}
	var all []sample
	for round := 1; round <= 3; round++ {
		for name, v := range rps {
			r := v[round-1]
			all = append(all, sample{Server: name, Repeat: round, Wrk: wrkResult{RPS: r}, CPUPerReq: time.Duration(1e6 / r)})
		}
		all = append(all, sample{Server: "healthlite-stdlib", Repeat: round, Err: errTest})
	}
	all = append(all, sample{Server: "healthlite-fasthttp", Repeat: 4, Wrk: wrkResult{RPS: 1}}) // no partner: ignored
	sums := summarize(servers, all)
	setAllocs := func(name string, a float64) {
		for i := range sums {
			if sums[i].Server == name {
				sums[i].AllocsPerReq = a
			}
		}
	}
	setAllocs("healthlite-fasthttp", 0.001)
	setAllocs("healthlite-loop", 0)
	got := map[string]string{}
	for _, g := range loadGoals(all, sums) {
		got[g.What] = g.Met + " " + g.Measured + " / " + g.MetByCPU + " " + g.ByCPU
	}
	want := map[string]string{
		"healthlite-fasthttp ≥ 1.00× nginx":                 "yes 1.09× (1.09–1.10) / yes 1.09× (1.09–1.10)",
		"healthlite-fasthttp ≥ 0.95× raw-fasthttp":          "no 0.92× (0.92–0.97) / no 0.92× (0.92–0.97)",
		"healthlite-fasthttp ≥ 2.20× alexliesenfeld-health": "yes 2.40× (2.40–2.42) / yes 2.40× (2.40–2.42)",
		"healthlite-fasthttp: 0 allocations per request":    "yes 0.001 allocs/req /  ",
		"healthlite-loop ≥ 1.00× nginx":                     "no 0.91× (0.90–1.09) / no 0.91× (0.90–1.09)",
		"healthlite-loop: 0 allocations per request":        "yes 0.000 allocs/req /  ",
		"healthlite-stdlib ≥ 0.95× raw-nethttp":             "not measured — / — —",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	setAllocs("healthlite-fasthttp", 1)
	setAllocs("healthlite-loop", 1)
	for _, g := range loadGoals(all, sums) {
		if strings.HasSuffix(g.What, ": 0 allocations per request") && g.Met != "no" {
			t.Errorf("1 alloc/req met the 0-alloc goal: %+v", g)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d goals, want %d: %v", len(got), len(want), got)
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
