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
	for name, tc := range map[string]struct {
		change func(*soakResult)
		want   string
	}{
		"clean":            {func(*soakResult) {}, ""},
		"socket errors":    {func(r *soakResult) { r.Wrk.SocketErrors = 1 }, "1 socket errors"},
		"error statuses":   {func(r *soakResult) { r.Wrk.Non2xx = 3 }, "3 responses with status >= 400"},
		"no requests":      {func(r *soakResult) { r.Wrk.Requests = 0 }, "no request completed"},
		"goroutine leak":   {func(r *soakResult) { r.IdleAfter.Goroutines = 13 }, "goroutines 10 idle before the load, 13 still"},
		"RSS growing":      {func(r *soakResult) { r.LoadLate.RSS = 30 << 20 }, "RSS grew under steady load from 12.0 MiB to 30.0 MiB"},
		"RSS within slack": {func(r *soakResult) { r.LoadLate.RSS = 12<<20*5/4 + 7<<20 }, ""},
	} {
		t.Run(name, func(t *testing.T) {
			r := clean
			tc.change(&r)
			r.judge()
			got := strings.Join(r.Problems, "; ")
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Fatalf("problems %q, want %q", got, tc.want)
			}
			if tc.want != "" && !strings.Contains(soakTable([]soakResult{r}, 0, config{}), "FAILED: ") {
				t.Error("the table does not show the failure")
			}
		})
	}
}
