package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// goal is one target of issue 8 and whether this run met it.
type goal struct {
	What     string
	Measured string
	Met      string // "yes", "no" or "not measured"
	// ByCPU and MetByCPU judge a throughput goal by CPU time per request
	// instead of requests/s: on a shared machine other processes steal
	// time from the pinned cores, which lowers req/s but not CPU/req.
	ByCPU, MetByCPU string
}

func verdict(ok, measured bool) string {
	switch {
	case !measured:
		return "not measured"
	case ok:
		return "yes"
	default:
		return "no"
	}
}

// pairedRatios returns, for every round in which both a and b ran cleanly,
// metric(a) / metric(b). Pairing by round cancels what the machine's load
// did to both runs of that round.
func pairedRatios(all []sample, a, b string, metric func(sample) float64) []float64 {
	byRound := map[int]sample{}
	for _, s := range all {
		if s.Server == b && s.Err == nil {
			byRound[s.Repeat] = s
		}
	}
	var rs []float64
	for _, s := range all {
		if s.Server != a || s.Err != nil {
			continue
		}
		o, ok := byRound[s.Repeat]
		if !ok {
			continue
		}
		if num, den := metric(s), metric(o); den > 0 && num > 0 {
			rs = append(rs, num/den)
		}
	}
	return rs
}

// describeRatios shows the median of paired ratios and their range.
func describeRatios(rs []float64) string {
	if len(rs) == 1 {
		return fmt.Sprintf("%.2f×", rs[0])
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", median(rs), slices.Min(rs), slices.Max(rs))
}

// ratioGoal judges "a ≥ want × b" on the median of the per-round ratios of
// requests/s, and of CPU time per request (b's over a's).
func ratioGoal(all []sample, a, b string, want float64) goal {
	g := goal{What: fmt.Sprintf("%s ≥ %.2f× %s", a, want, b), Measured: "—", Met: verdict(false, false), ByCPU: "—", MetByCPU: "—"}
	rps := pairedRatios(all, a, b, func(s sample) float64 { return s.Wrk.RPS })
	if len(rps) == 0 {
		return g
	}
	g.Measured, g.Met = describeRatios(rps), verdict(median(rps) >= want, true)
	// Less CPU per request is better: the ratio is b's CPU/req over a's.
	cpu := pairedRatios(all, a, b, func(s sample) float64 {
		if s.CPUPerReq <= 0 {
			return 0
		}
		return 1 / float64(s.CPUPerReq)
	})
	if len(cpu) > 0 {
		g.ByCPU, g.MetByCPU = describeRatios(cpu), verdict(median(cpu) >= want, true)
	}
	return g
}

// zeroAllocGoalTolerance absorbs the side port's own reads (a few hundred
// allocations per run) and the scheduler's background work, spread over
// hundreds of thousands of requests; one allocation per request is 1.0.
const zeroAllocGoalTolerance = 0.01

// loadGoals evaluates issue 8's load goals on the runs and their summaries,
// and issue 20's for healthlite-loop (healthlite on fasthttp with its event
// loop): as healthlite-fasthttp, at least nginx's req/s with 0 allocations
// per request.
func loadGoals(all []sample, sums []summary) []goal {
	return []goal{
		ratioGoal(all, "healthlite-fasthttp", "nginx", 1.0),
		ratioGoal(all, "healthlite-fasthttp", "raw-fasthttp", 0.95),
		ratioGoal(all, "healthlite-fasthttp", "alexliesenfeld-health", 2.2),
		zeroAllocGoal(sums, "healthlite-fasthttp"),
		ratioGoal(all, "healthlite-loop", "nginx", 1.0),
		zeroAllocGoal(sums, "healthlite-loop"),
		ratioGoal(all, "healthlite-stdlib", "raw-nethttp", 0.95),
	}
}

// zeroAllocGoal judges "0 allocations per request" on name's summary.
func zeroAllocGoal(sums []summary, name string) goal {
	g := goal{What: name + ": 0 allocations per request"}
	if s, ok := find(sums, name); ok && !math.IsNaN(s.AllocsPerReq) {
		g.Measured = fmt.Sprintf("%.3f allocs/req", s.AllocsPerReq)
		g.Met = verdict(s.AllocsPerReq < zeroAllocGoalTolerance, true)
	} else {
		g.Measured, g.Met = "—", verdict(false, false)
	}
	return g
}

// squash lowercases a benchmark name and drops everything but letters and digits.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// leaf splits a benchmark name into its parent and last element.
func leaf(name string) (parent, last string) {
	i := strings.LastIndexByte(name, '/')
	if i < 0 {
		return "", name
	}
	return name[:i], name[i+1:]
}

// metricsGoals finds, among the metrics benchmarks, each healthlite result
// and its client_golang and VictoriaMetrics siblings (same parent benchmark),
// and evaluates issue 8's scrape goals (≥ 10× client_golang, ≥ 5×
// VictoriaMetrics, 0 allocs).
func metricsGoals(lines []benchLine) []goal {
	var gs []goal
	for _, hl := range lines {
		parent, last := leaf(hl.Name)
		// The goal is the Prometheus text scrape: leave out the other formats.
		if !strings.Contains(hl.Package, "metricsbench") || !strings.Contains(squash(last), "healthlite") ||
			containsAny(squash(last), []string{"json", "openmetrics"}) {
			continue
		}
		for _, peer := range []struct {
			key  []string
			name string
			want float64
		}{{[]string{"clientgolang", "promhttp"}, "client_golang", 10}, {[]string{"victoria"}, "VictoriaMetrics", 5}} {
			for _, o := range lines {
				op, ol := leaf(o.Name)
				if op != parent || o.Package != hl.Package || !containsAny(squash(ol), peer.key) {
					continue
				}
				r := o.NsPerOp / hl.NsPerOp
				gs = append(gs, goal{
					What:     fmt.Sprintf("%s: %s ≥ %.0f× %s", parent, last, peer.want, ol),
					Measured: fmt.Sprintf("%.1f× (%.0f vs %.0f ns/op)", r, hl.NsPerOp, o.NsPerOp),
					Met:      verdict(r >= peer.want, true),
				})
			}
		}
		if !math.IsNaN(hl.AllocsPerOp) {
			gs = append(gs, goal{
				What:     fmt.Sprintf("%s: %s 0 allocs/op", parent, last),
				Measured: fmt.Sprintf("%.0f allocs/op", hl.AllocsPerOp),
				Met:      verdict(hl.AllocsPerOp == 0, true),
			})
		}
	}
	if len(gs) == 0 {
		gs = append(gs, goal{What: "/metrics scrape ≥ 10× client_golang, ≥ 5× VictoriaMetrics, 0 allocs", Measured: "—", Met: verdict(false, false)})
	}
	return gs
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
