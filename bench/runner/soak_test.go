package main

import (
	"strings"
	"testing"
)

func TestSoakJudge(t *testing.T) {
	clean := soakResult{
		Server:     "healthlite-fasthttp",
		Wrk:        wrkResult{Requests: 1000, RPS: 100, P50: 1, P99: 2},
		IdleBefore: soakPoint{RSS: 10 << 20, Goroutines: 10},
		LoadEarly:  soakPoint{RSS: 12 << 20, Goroutines: 74},
		LoadLate:   soakPoint{RSS: 13 << 20, Goroutines: 74},
		IdleAfter:  soakPoint{RSS: 13 << 20, Goroutines: 12},
	}
	testJudge(t, clean, map[string]judgeCase[soakResult]{
		"clean":            {func(*soakResult) {}, ""},
		"socket errors":    {func(r *soakResult) { r.Wrk.SocketErrors = 1 }, "1 socket errors"},
		"error statuses":   {func(r *soakResult) { r.Wrk.Non2xx = 3 }, "3 responses with status >= 400"},
		"no requests":      {func(r *soakResult) { r.Wrk.Requests = 0 }, "no request completed"},
		"goroutine leak":   {func(r *soakResult) { r.IdleAfter.Goroutines = 13 }, "goroutines 10 idle before the load, 13 still"},
		"RSS growing":      {func(r *soakResult) { r.LoadLate.RSS = 30 << 20 }, "RSS grew under steady load from 12.0 MiB to 30.0 MiB"},
		"RSS within slack": {func(r *soakResult) { r.LoadLate.RSS = 12<<20*5/4 + 7<<20 }, ""},
	}, func(r *soakResult) []string { r.judge(); return r.Problems },
		func(r soakResult) string { return soakTable([]soakResult{r}, 0, config{}) })
}

// judgeCase is one case of a judge's table test: a change to a clean
// result, and a problem it must cause ("" for none).
type judgeCase[R any] struct {
	change func(*R)
	want   string
}

// testJudge runs each case on a copy of clean: judged, its problems hold
// the case's (none when it wants none), and its table says FAILED.
func testJudge[R any](t *testing.T, clean R, cases map[string]judgeCase[R], judge func(*R) []string, table func(R) string) {
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := clean
			tc.change(&r)
			got := strings.Join(judge(&r), "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Fatalf("problems %q, want %q", got, tc.want)
			}
			if tc.want != "" && !strings.Contains(table(r), "FAILED: ") {
				t.Error("the table does not show the failure")
			}
		})
	}
}
