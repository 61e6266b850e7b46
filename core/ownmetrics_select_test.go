package core

import (
	"context"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

// Options.OwnMetrics chooses which of healthlite's series the registry
// gets; the application's series are served whatever it is.
func TestOwnMetricsSelect(t *testing.T) {
	cases := []struct {
		sel        OwnMetrics
		want, none []string
	}{
		{OwnMetricsAll,
			[]string{"app_events_total ", "healthlite_uptime_seconds ", "healthlite_probe_requests_total{", `healthlite_check_up{check="db"} `, `healthlite_check_duration_seconds_count{check="db"} `},
			nil},
		{OwnMetricsChecks,
			[]string{"app_events_total ", "healthlite_uptime_seconds ", `healthlite_check_up{check="db"} `, `healthlite_check_status{check="ready",status="pass"} `, `healthlite_check_consecutive_failures{check="db"} `},
			[]string{"healthlite_probe_requests_total", "healthlite_check_duration_seconds"}},
		{OwnMetricsNone,
			[]string{"app_events_total "},
			[]string{"healthlite_", "process_start_time_seconds"}},
	}
	for _, c := range cases {
		reg := metrics.NewRegistry()
		if _, err := reg.NewCounter("app_events_total", "Events."); err != nil {
			t.Fatal(err)
		}
		h, _ := newTestHealth(t, Options{Metrics: reg, OwnMetrics: c.sel})
		h.Register(CheckConfig{Name: "db", Check: pass})
		h.Flag("ready", true)
		h.Start(context.Background())
		waitFor(t, "the check to run", func() bool { return h.Snapshot().Ready() })
		h.Stop()
		h.Route(&Request{Method: "GET", Path: "/readyz"}, &Response{}) // counted or not
		lines := metricLines(h, "")
		for _, w := range c.want {
			if !hasPrefixLine(lines, w) {
				t.Errorf("OwnMetrics %d: no line starting %q", c.sel, w)
			}
		}
		for _, n := range c.none {
			if hasPrefixLine(lines, n) {
				t.Errorf("OwnMetrics %d: a line starts %q", c.sel, n)
			}
		}
	}
}

func hasPrefixLine(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}
