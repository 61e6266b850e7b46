package main

import (
	"math"
	"slices"
	"time"
)

// summary is the median of a server's clean runs.
type summary struct {
	Server         string
	Runs           int // clean runs the medians are taken over
	Failed         int // runs that failed
	RPS            float64
	MinRPS, MaxRPS float64
	P50, P99       time.Duration
	CPUPerReq      time.Duration
	AllocsPerReq   float64 // NaN when not reported
	MaxRSS         uint64  // largest VmHWM seen
	Busy           float64 // median share of one core the server used while measured
}

// summarize groups samples by server (in the order of list) and takes medians
// over each server's clean runs.
func summarize(list []server, all []sample) []summary {
	var out []summary
	for _, s := range list {
		sum := summary{Server: s.Name, AllocsPerReq: math.NaN()}
		var rps, allocs, busy []float64
		var p50, p99, cpu []time.Duration
		for _, sm := range all {
			if sm.Server != s.Name {
				continue
			}
			if sm.Err != nil {
				sum.Failed++
				continue
			}
			sum.Runs++
			rps = append(rps, sm.Wrk.RPS)
			busy = append(busy, sm.Busy)
			p50 = append(p50, sm.Wrk.P50)
			p99 = append(p99, sm.Wrk.P99)
			cpu = append(cpu, sm.CPUPerReq)
			if !math.IsNaN(sm.AllocsPerReq) {
				allocs = append(allocs, sm.AllocsPerReq)
			}
			sum.MaxRSS = max(sum.MaxRSS, sm.MaxRSS)
		}
		if sum.Runs > 0 {
			sum.RPS = median(rps)
			sum.MinRPS, sum.MaxRPS = slices.Min(rps), slices.Max(rps)
			sum.Busy = median(busy)
			sum.P50, sum.P99, sum.CPUPerReq = median(p50), median(p99), median(cpu)
			if len(allocs) > 0 {
				sum.AllocsPerReq = median(allocs)
			}
		}
		out = append(out, sum)
	}
	return out
}

// median returns the middle value (the mean of the two middle ones for an
// even count) of a non-empty slice, without changing it.
func median[T float64 | time.Duration](v []T) T {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// find returns the summary of the named server, if it ran cleanly at least once.
func find(sums []summary, name string) (summary, bool) {
	for _, s := range sums {
		if s.Server == name && s.Runs > 0 {
			return s, true
		}
	}
	return summary{}, false
}

// ratio returns a.RPS / the named server's RPS, or NaN when either is missing.
func ratio(sums []summary, a summary, name string) float64 {
	b, ok := find(sums, name)
	if !ok || a.Runs == 0 || b.RPS == 0 {
		return math.NaN()
	}
	return a.RPS / b.RPS
}
