package main

import "testing"

// The gRPC ratios pair each round's medians, so a round slowed by the
// machine's load weighs on both sides.
func TestCombineRounds(t *testing.T) {
	round := func(scale, lean float64) []probeResult {
		return []probeResult{{Command: "curl", Median: 9 * scale}, {Command: "lean", Median: lean * scale, Mean: 1, UserSeconds: 1},
			{Command: "peer", Median: 4 * scale, Mean: 3, UserSeconds: 3, SystemSecond: 1}}
	}
	got := combineRounds([][]probeResult{round(1, 1), round(3, 2), round(1, 1.6)}, 2, 1)
	if got[0].Ratio != 0 || got[0].Median != 9 {
		t.Errorf("curl: %+v", got[0])
	}
	if r := got[1]; r.Ratio != 0.4 || r.RatioMin != 0.25 || r.RatioMax != 0.5 || r.Median != 1.6 || r.Mean != 1 || r.CPURatio != 0.25 {
		t.Errorf("lean: %+v, want ratio 0.4 (0.25-0.5), median 1.6", r)
	}
	if r := got[2]; r.Ratio != 1 || r.Median != 4 {
		t.Errorf("peer: %+v", r)
	}
}
