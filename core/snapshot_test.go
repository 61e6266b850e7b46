package core

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAggregate(t *testing.T) {
	cs := func(s Status, critical bool) CheckState {
		return CheckState{Name: "c", Groups: GroupReady, Critical: critical, Status: s}
	}
	cases := []struct {
		checks []CheckState
		want   Status
	}{
		{nil, StatusPass},
		{[]CheckState{cs(StatusPass, true), cs(StatusWarn, true)}, StatusWarn},
		{[]CheckState{cs(StatusPass, true), cs(StatusFail, false)}, StatusWarn},
		{[]CheckState{cs(StatusPass, true), cs(StatusUnknown, false)}, StatusWarn},
		{[]CheckState{cs(StatusWarn, false), cs(StatusUnknown, true)}, StatusUnknown},
		{[]CheckState{cs(StatusUnknown, true), cs(StatusFail, true)}, StatusFail},
		{[]CheckState{{Name: "live", Groups: GroupLive, Critical: true, Status: StatusFail}}, StatusPass},
	}
	for i, c := range cases {
		if got := aggregate(c.checks, GroupReady, nil); got != c.want {
			t.Errorf("case %d: aggregate = %v, want %v", i, got, c.want)
		}
	}
}

func TestNonCriticalFailureDegrades(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Register(CheckConfig{Name: "cache", NonCritical: true, Check: CheckFunc(func(_ context.Context, r *Result) { r.Status = StatusFail })})
	h.Start(context.Background())
	defer h.Stop()
	waitFor(t, "cache to fail", func() bool { return state(t, h, "cache").Status == StatusFail })
	s := h.Snapshot()
	if s.Status() != StatusWarn || !s.Ready() || !s.Healthy() {
		t.Errorf("with a failing non-critical check: status %v, ready %v", s.Status(), s.Ready())
	}
	if body := string(get(h, "/health").Body); !strings.Contains(body, `"status":"degraded"`) || !strings.Contains(body, `"cache":"fail"`) {
		t.Errorf("/health = %s", body)
	}
}

func TestTimeFieldsRenderedOncePerSecond(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	var mu sync.Mutex
	var seen []*Snapshot
	h.Subscribe(func(s *Snapshot) {
		mu.Lock()
		seen = append(seen, s)
		mu.Unlock()
	})
	h.Start(context.Background())
	defer h.Stop()
	first := h.Snapshot()
	waitTimers(t, c, 1)
	c.Advance(999 * time.Millisecond)
	if h.Snapshot() != first {
		t.Fatal("re-rendered before a second passed")
	}
	c.Advance(time.Millisecond)
	waitFor(t, "the tick's render", func() bool { return h.Snapshot() != first })
	s := h.Snapshot()
	if s.Uptime() != time.Second || !s.Time().Equal(t0.Add(time.Second)) || !strings.Contains(string(s.HealthJSON()), `"uptime_seconds":1,`) {
		t.Errorf("after 1s: uptime %v, body %s", s.Uptime(), s.HealthJSON())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 2 || seen[len(seen)-1] != s {
		t.Errorf("subscriber saw %d snapshots, the last not the newest", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].seq <= seen[i-1].seq {
			t.Errorf("subscriber saw snapshot %d after %d", seen[i].seq, seen[i-1].seq)
		}
	}
}

func TestSnapshotIsImmutable(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", true)
	old := h.Snapshot()
	body := string(old.HealthJSON())
	f.Set(false)
	if string(old.HealthJSON()) != body || old.Checks()[0].Status != StatusPass {
		t.Error("an old snapshot changed when a new one was published")
	}
	if h.Snapshot() == old || h.Snapshot().Checks()[0].Status != StatusFail {
		t.Error("the new state was not published")
	}
	if !h.Snapshot().Checks()[0].IsFlag() {
		t.Error("IsFlag is false for a flag")
	}
}
