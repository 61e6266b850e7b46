package core

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

// metricLines returns the Prometheus text lines of h's registry that start
// with prefix.
func metricLines(h *Health, prefix string) []string {
	resp := &Response{}
	h.Route(&Request{Method: "GET", Path: "/metrics", Accept: "text/plain"}, resp)
	var out []string
	for _, l := range strings.Split(string(resp.Body), "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestMetricsEndpointNegotiates(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	cases := []struct {
		accept, query, contentType, prefix string
	}{
		{"", "", "application/json", "{"},
		{"text/plain", "", "text/plain; version=0.0.4; charset=utf-8", "# HELP "},
		{"application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5", "", "application/openmetrics-text; version=1.0.0; charset=utf-8", "# HELP "},
		{"text/plain", "format=json", "application/json", "{"},
	}
	for _, c := range cases {
		resp := &Response{}
		h.Route(&Request{Method: "GET", Path: "/metrics", Accept: c.accept, RawQuery: c.query}, resp)
		if resp.Status != 200 || resp.ContentType != c.contentType || !strings.HasPrefix(string(resp.Body), c.prefix) {
			t.Errorf("/metrics Accept %q ?%s = %d %q %.40q", c.accept, c.query, resp.Status, resp.ContentType, resp.Body)
		}
	}
	resp := &Response{}
	h.Route(&Request{Method: "GET", Path: "/metrics", Accept: "application/openmetrics-text"}, resp)
	if !strings.HasSuffix(string(resp.Body), "# EOF\n") {
		t.Errorf("OpenMetrics body does not end with # EOF: %q", resp.Body)
	}
	h.Route(&Request{Method: "DELETE", Path: "/metrics"}, resp)
	if resp.Status != 405 {
		t.Errorf("DELETE /metrics = %d", resp.Status)
	}
}

func TestOwnMetrics(t *testing.T) {
	reg := metrics.NewRegistry()
	c := NewManualClock(t0)
	h := New(Options{Clock: c, Metrics: reg, Version: "1.2.3", GoVersion: "go1.26.8"})
	h.Register(CheckConfig{Name: "db", Check: CheckFunc(func(_ context.Context, r *Result) { r.Status = StatusFail })})
	h.Flag("bot_ready", true)
	h.Start(context.Background())
	defer h.Stop()
	waitFor(t, "db to fail", func() bool { return state(t, h, "db").Status == StatusFail })
	waitTimers(t, c, 2)
	c.Advance(10 * time.Second) // the second run
	waitFor(t, "the second run", func() bool { return state(t, h, "db").ConsecutiveFailures == 2 })
	get(h, "/readyz")
	get(h, "/readyz")
	get(h, "/nope")
	lines := metricLines(h, "")
	for _, want := range []string{
		`healthlite_check_up{check="db"} 0`,
		`healthlite_check_up{check="bot_ready"} 1`,
		`healthlite_check_status{check="db",status="fail"} 1`,
		`healthlite_check_status{check="db",status="pass"} 0`,
		`healthlite_check_status{check="db",status="unknown"} 0`,
		`healthlite_check_status{check="bot_ready",status="pass"} 1`,
		`healthlite_check_consecutive_failures{check="db"} 2`,
		`healthlite_check_duration_seconds_count{check="db"} 2`,
		`healthlite_check_duration_seconds_bucket{check="db",le="0.001"} 2`,
		`healthlite_probe_requests_total{code="503",endpoint="/readyz"} 2`,
		`healthlite_probe_requests_total{code="404",endpoint="other"} 1`,
		`healthlite_uptime_seconds 10`,
		`healthlite_build_info{goversion="go1.26.8",version="1.2.3"} 1`,
		`process_start_time_seconds 1.74906537e+09`,
	} {
		if !hasLine(lines, want) {
			t.Errorf("missing %s in\n%s", want, strings.Join(lines, "\n"))
		}
	}
	if hasLine(lines, `healthlite_probe_requests_total{code="404",endpoint="/health"} 0`) {
		t.Error("a probe series that can never count is exported")
	}
	if strings.Contains(strings.Join(lines, "\n"), `healthlite_check_duration_seconds_count{check="bot_ready"}`) {
		t.Error("a flag has a duration histogram")
	}
}

func TestSharedRegistry(t *testing.T) {
	reg := metrics.NewRegistry()
	a := New(Options{Metrics: reg})
	b := New(Options{Metrics: reg})
	if err := a.Register(CheckConfig{Name: "db", Check: pass}); err != nil {
		t.Fatal(err)
	}
	if err := b.Register(CheckConfig{Name: "db", Check: pass}); err != nil {
		t.Fatalf("the second Health of a shared registry: %v", err)
	}
	if b.own != nil {
		t.Error("the second Health registered its own metrics twice")
	}
	if resp := get(b, "/metrics"); resp.Status != 200 || !strings.Contains(string(resp.Body), "healthlite_check_up") {
		t.Errorf("the second Health does not serve the shared registry: %d", resp.Status)
	}
}
