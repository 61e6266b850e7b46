package core

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestStartingUntilStartupChecksPassOnce(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	var warm atomic.Bool
	h.Register(CheckConfig{Name: "cache", Groups: GroupStartup, Interval: time.Second,
		Check: CheckFunc(func(_ context.Context, r *Result) {
			r.Status = StatusFail
			if warm.Load() {
				r.Status = StatusPass
			}
		})})
	if s := h.Snapshot(); !s.Starting() || s.Ready() || s.Phase() != PhaseStarting {
		t.Fatalf("before Start: phase %v, ready %v", s.Phase(), s.Ready())
	}
	h.Start(context.Background())
	defer h.Stop()
	waitFor(t, "the first run", func() bool { return state(t, h, "cache").Status == StatusFail })
	if !h.Snapshot().Starting() {
		t.Fatal("left starting before the startup check passed")
	}
	resp := get(h, "/readyz?verbose")
	if resp.Status != 503 || string(resp.Body) != "[-]startup failed: startup checks have not all passed yet\nreadyz check failed\n" {
		t.Errorf("/readyz while starting = %d %q", resp.Status, resp.Body)
	}
	if resp := get(h, "/health"); resp.Status != 503 || !strings.Contains(string(resp.Body), `"status":"starting"`) {
		t.Errorf("/health while starting = %d %s", resp.Status, resp.Body)
	}
	warm.Store(true)
	waitTimers(t, c, 2)
	c.Advance(time.Second)
	waitFor(t, "running", func() bool { return h.Snapshot().Phase() == PhaseRunning })
	if s := h.Snapshot(); !s.Ready() || s.Starting() {
		t.Errorf("after the startup check passed: ready %v", s.Ready())
	}
	warm.Store(false) // a startup check failing later does not restart the phase
	waitTimers(t, c, 2)
	c.Advance(time.Second)
	waitFor(t, "the third run", func() bool { return state(t, h, "cache").Status == StatusFail })
	if h.Snapshot().Phase() != PhaseRunning {
		t.Errorf("phase went back to %v", h.Snapshot().Phase())
	}
	if resp := get(h, "/readyz"); resp.Status != 200 {
		t.Errorf("/readyz = %d: a startup-only check must not count for readiness", resp.Status)
	}
	if resp := get(h, "/healthz"); resp.Status != 503 {
		t.Errorf("/healthz = %d: /healthz counts every group", resp.Status)
	}
}

func TestRunningAtStartWithoutStartupChecks(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Start(context.Background())
	defer h.Stop()
	if s := h.Snapshot(); s.Phase() != PhaseRunning || !s.Ready() || !s.Healthy() {
		t.Errorf("after Start with no checks: phase %v, ready %v", s.Phase(), s.Ready())
	}
}

func TestShutdownTurnsReadyFalseAtOnceLiveUnchanged(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	hb, _ := h.Heartbeat("loop", time.Minute)
	hb.Beat()
	h.Start(context.Background())
	defer h.Stop()
	if !h.Snapshot().Ready() {
		t.Fatal("not ready before Shutdown")
	}
	h.Shutdown()
	s := h.Snapshot()
	if s.Ready() || !s.Live() || s.Phase() != PhaseDraining {
		t.Errorf("after Shutdown: ready %v, live %v, phase %v", s.Ready(), s.Live(), s.Phase())
	}
	if r := get(h, "/readyz"); r.Status != 503 || string(r.Body) != "[+]loop ok\n[-]shutdown failed\nreadyz check failed\n" {
		t.Errorf("/readyz while draining = %d %q", r.Status, r.Body)
	}
	if r := get(h, "/readyz?verbose"); !strings.Contains(string(r.Body), "[-]shutdown failed: shutting down\n") {
		t.Errorf("/readyz?verbose while draining = %q", r.Body)
	}
	if r := get(h, "/livez"); r.Status != 200 || string(r.Body) != "ok" {
		t.Errorf("/livez while draining = %d %q", r.Status, r.Body)
	}
	if r := get(h, "/health"); r.Status != 200 {
		t.Errorf("/health while draining = %d: draining is about readiness only", r.Status)
	}
	if PhaseStarting.String() != "starting" || PhaseRunning.String() != "running" || PhaseDraining.String() != "draining" {
		t.Error("Phase.String words changed")
	}
}
