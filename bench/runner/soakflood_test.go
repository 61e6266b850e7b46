package main

import (
	"testing"
	"time"
)

func TestFloodJudge(t *testing.T) {
	clean := floodResult{Transport: "fasthttp", Duration: 10 * time.Second, Cap: 896, Opened: 5000, CapReached: true, Polls: 100, PollOK: 100, CheckRuns: 40}
	testJudge(t, clean, map[string]judgeCase[floodResult]{
		"clean":             {func(*floodResult) {}, ""},
		"probe failed":      {func(r *floodResult) { r.PollOK = 99 }, "/readyz from loopback answered 200 to 99 of 100 probes"},
		"health file gone":  {func(r *floodResult) { r.FileMissing = 3 }, "health file missing at 3 of 100 probes"},
		"check starved":     {func(r *floodResult) { r.CheckRuns = 5 }, "the check ran 5 times, want at least 20"},
		"cap never reached": {func(r *floodResult) { r.CapReached = false }, "did not reach the cap (896)"},
		"no probes":         {func(r *floodResult) { r.Polls, r.PollOK = 0, 0 }, "answered 200 to 0 of 0"},
	}, func(r *floodResult) []string { r.judge(); return r.Problems },
		func(r floodResult) string { return floodTable([]floodResult{r}) })
}

func TestFloodDuration(t *testing.T) {
	for soak, want := range map[time.Duration]time.Duration{
		time.Second:      3 * time.Second,
		20 * time.Second: 10 * time.Second,
		time.Hour:        30 * time.Second,
	} {
		if got := floodDuration(soak); got != want {
			t.Errorf("floodDuration(%v) = %v, want %v", soak, got, want)
		}
	}
}
