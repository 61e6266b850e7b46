package core

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// lbHealth returns a started Health with one reporter "db" (critical,
// ready) and one "cache" (non-critical, ready), both passing, on a
// ManualClock, and its options as given.
func lbHealth(t testing.TB, opts Options) (*Health, *Reporter, *Reporter) {
	t.Helper()
	h, _ := newTestHealth(t, opts)
	db, _ := h.Reporter("db", GroupReady)
	cache, _ := h.Reporter("cache", GroupReady)
	h.mu.Lock()
	h.entries[1].critical = false // a non-critical reporter, as a --status with critical=false
	h.mu.Unlock()
	db.Set(StatusPass, "")
	cache.Set(StatusPass, "")
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Stop)
	waitFor(t, "running", func() bool { return h.Snapshot().Phase() == PhaseRunning })
	return h, db, cache
}

// lbStep is one state the tests walk through, and what each signal says.
type lbStep struct {
	name    string
	set     func(h *Health, db, cache *Reporter)
	state   State
	agent   string // reply to a client that sees details
	readyz  int
	health  int
	word    string // /health "status"
	headers string // Envoy header keys, joined by ","
}

// lbSteps walks healthy → degraded → failing → maintenance → draining
// (maintenance off again) with DrainingCode 404 and Envoy headers.
var lbSteps = []lbStep{
	{"healthy", func(h *Health, db, cache *Reporter) {}, StateHealthy, "up ready 100%\n", 200, 200, "healthy", ""},
	{"degraded", func(h *Health, db, cache *Reporter) { cache.Set(StatusFail, "slow") }, StateDegraded, "up ready 30%\n", 200, 200, "degraded", "x-envoy-degraded"},
	{"warn", func(h *Health, db, cache *Reporter) { cache.Set(StatusPass, ""); db.Set(StatusWarn, "lagging") }, StateDegraded, "up ready 30%\n", 200, 200, "degraded", "x-envoy-degraded"},
	{"failing", func(h *Health, db, cache *Reporter) { db.Set(StatusFail, "connection\r\nrefused") }, StateFailing, "down ready #db: connection  refused\n", 503, 503, "unhealthy", ""},
	{"maintenance over failing", func(h *Health, db, cache *Reporter) {
		h.SetMaintenance(Maintenance{On: true, Reason: "kernel upgrade"})
	},
		StateMaintenance, "maint\n", 404, 404, "maintenance", "x-envoy-immediate-health-check-fail"},
	{"maintenance over healthy", func(h *Health, db, cache *Reporter) { db.Set(StatusPass, "") },
		StateMaintenance, "maint\n", 404, 404, "maintenance", "x-envoy-immediate-health-check-fail"},
	{"maintenance over draining", func(h *Health, db, cache *Reporter) { h.Shutdown() },
		StateMaintenance, "maint\n", 404, 404, "maintenance", "x-envoy-immediate-health-check-fail"},
	{"draining", func(h *Health, db, cache *Reporter) { h.SetMaintenance(Maintenance{}) },
		StateDraining, "up drain\n", 404, 200, "healthy", "x-envoy-immediate-health-check-fail"},
}

func TestLoadBalancerSignalsFollowTheState(t *testing.T) {
	h, db, cache := lbHealth(t, Options{DrainingCode: 404, LBHeaders: LBHeadersEnvoy, AgentDegradedWeight: 30})
	for _, st := range lbSteps {
		st.set(h, db, cache)
		waitFor(t, st.name, func() bool { return h.Snapshot().State() == st.state && string(h.AgentReply(true)) == st.agent })
		s := h.Snapshot()
		if s.State() != st.state {
			t.Errorf("%s: State() = %v, want %v", st.name, s.State(), st.state)
		}
		if got := string(h.AgentReply(true)); got != st.agent {
			t.Errorf("%s: agent reply %q, want %q", st.name, got, st.agent)
		}
		for _, target := range []string{"/readyz", "/health", "/livez", "/healthz"} {
			resp := get(h, target)
			var keys []string
			for _, hd := range resp.Headers {
				if strings.HasPrefix(hd.Key, "x-envoy-") {
					keys = append(keys, hd.Key)
				}
			}
			if got := strings.Join(keys, ","); got != st.headers {
				t.Errorf("%s: %s headers %q, want %q", st.name, target, got, st.headers)
			}
			switch target {
			case "/readyz":
				if resp.Status != st.readyz {
					t.Errorf("%s: /readyz %d, want %d", st.name, resp.Status, st.readyz)
				}
			case "/health":
				if resp.Status != st.health || !strings.Contains(string(resp.Body), `"status":"`+st.word+`"`) {
					t.Errorf("%s: /health %d %s, want %d and status %q", st.name, resp.Status, resp.Body, st.health, st.word)
				}
			case "/livez":
				if resp.Status != 200 {
					t.Errorf("%s: /livez %d: liveness must not follow maintenance or draining", st.name, resp.Status)
				}
			}
		}
	}
}

func TestMaintenanceReadyzLine(t *testing.T) {
	h, _, _ := lbHealth(t, Options{})
	h.SetMaintenance(Maintenance{On: true, Reason: "disk swap\nticket 42"})
	if resp := get(h, "/readyz?verbose"); resp.Status != 503 ||
		string(resp.Body) != "[+]db ok\n[+]cache ok\n[-]maintenance: disk swap ticket 42\nreadyz check failed\n" {
		t.Errorf("/readyz?verbose = %d %q", resp.Status, resp.Body)
	}
	hidden, _, _ := lbHealth(t, Options{Details: DetailsNone})
	hidden.SetMaintenance(Maintenance{On: true, Reason: "secret"})
	if resp := get(hidden, "/readyz?verbose"); !strings.Contains(string(resp.Body), "[-]maintenance: reason hidden (--details)\n") {
		t.Errorf("/readyz?verbose without details = %q", resp.Body)
	}
	h.SetMaintenance(Maintenance{On: true})
	if resp := get(h, "/readyz?verbose"); !strings.Contains(string(resp.Body), "[-]maintenance: "+maintDefaultReason+"\n") {
		t.Errorf("/readyz?verbose without a reason = %q", resp.Body)
	}
	if resp := get(h, "/readyz?exclude=db"); resp.Status != 503 {
		t.Errorf("/readyz?exclude=db in maintenance = %d", resp.Status)
	}
	if got := get(h, "/health").Headers; len(got) != 0 {
		t.Errorf("headers without LBHeaders: %v", got)
	}
}

func TestMaintenanceSinceAndMetric(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	if lines := metricLines(h, "healthlite_maintenance "); !hasLine(lines, "healthlite_maintenance 0") {
		t.Errorf("metric before: %v", lines)
	}
	m := h.SetMaintenance(Maintenance{On: true, Reason: "a"})
	if !m.On || !m.Since.Equal(t0) {
		t.Errorf("on: %+v", m)
	}
	c.Advance(time.Minute)
	if m := h.SetMaintenance(Maintenance{On: true, Reason: "b"}); !m.Since.Equal(t0) || m.Reason != "b" {
		t.Errorf("on again: %+v, want Since kept and reason replaced", m)
	}
	if lines := metricLines(h, "healthlite_maintenance "); !hasLine(lines, "healthlite_maintenance 1") {
		t.Errorf("metric on: %v", lines)
	}
	if m := h.SetMaintenance(Maintenance{Reason: "ignored"}); m != (Maintenance{}) || h.Maintenance() != (Maintenance{}) || h.Snapshot().Maintenance().On {
		t.Errorf("off: %+v", m)
	}
	if lines := metricLines(h, "healthlite_maintenance "); !hasLine(lines, "healthlite_maintenance 0") {
		t.Errorf("metric off: %v", lines)
	}
	long := strings.Repeat("x", MaxMessage+10)
	if m := h.SetMaintenance(Maintenance{On: true, Reason: long}); len(m.Reason) > MaxMessage {
		t.Errorf("a long reason is kept whole (%d bytes)", len(m.Reason))
	}
}

// TestMaintenanceConcurrent switches maintenance from many goroutines: the
// published snapshot and the metric always end with the last switch.
func TestMaintenanceConcurrent(t *testing.T) {
	h, _, _ := lbHealth(t, Options{})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				h.SetMaintenance(Maintenance{On: (g+i)%2 == 0, Reason: "r"})
				_ = h.AgentReply(false)
			}
		}(g)
	}
	wg.Wait()
	for _, on := range []bool{true, false} {
		h.SetMaintenance(Maintenance{On: on})
		want := "healthlite_maintenance 0"
		if on {
			want = "healthlite_maintenance 1"
		}
		if s := h.Snapshot(); s.Maintenance().On != on || s.Ready() == on || !hasLine(metricLines(h, "healthlite_maintenance "), want) {
			t.Errorf("after the last switch to %v: snapshot %v, ready %v, metric %v", on, s.Maintenance(), s.Ready(), metricLines(h, "healthlite_maintenance "))
		}
	}
}

func TestDrainingCodeCounted(t *testing.T) {
	h, _, _ := lbHealth(t, Options{DrainingCode: 404})
	h.Shutdown()
	get(h, "/readyz")
	if lines := metricLines(h, `healthlite_probe_requests_total{`); !hasLine(lines, `healthlite_probe_requests_total{code="404",endpoint="/readyz"} 1`) {
		t.Errorf("probe counter of the draining code: %v", lines)
	}
}
