package core

import (
	"context"
	"strings"
	"testing"
)

func TestReporterSetsStatusAndMessage(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	r, err := h.Reporter("queue", GroupLive)
	if err != nil {
		t.Fatal(err)
	}
	h.Start(context.Background())
	defer h.Stop()
	if st := state(t, h, "queue"); st.Status != StatusUnknown || st.Message != "no status reported yet" {
		t.Fatalf("before Set: %+v", st)
	}
	if h.Snapshot().Live() {
		t.Error("live while a live reporter is unknown")
	}
	r.Set(StatusWarn, "backlog 900")
	waitFor(t, "warn", func() bool { return state(t, h, "queue").Status == StatusWarn })
	if r := get(h, "/livez"); r.Status != 200 {
		t.Errorf("/livez with a warning reporter = %d", r.Status)
	}
	if !strings.Contains(string(get(h, "/health").Body), `"status":"degraded"`) {
		t.Errorf("/health with a warning = %s", get(h, "/health").Body)
	}
	r.Set(StatusFail, "broker gone")
	waitFor(t, "fail", func() bool { return state(t, h, "queue").Message == "broker gone" })
	if r := get(h, "/livez/queue?verbose"); r.Status != 503 || string(r.Body) != "[-]queue failed since 19:29:30Z: broker gone\n" {
		t.Errorf("/livez/queue = %d %q", r.Status, r.Body)
	}
	r.Set(Status(42), "nonsense")
	waitFor(t, "unknown", func() bool { return state(t, h, "queue").Message == "nonsense" })
	if st := state(t, h, "queue"); st.Status != StatusUnknown {
		t.Errorf("Set(42) published %v, want unknown", st.Status)
	}
}

func TestReporterDefaultsToReadiness(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Reporter("dep", 0)
	if g := state(t, h, "dep").Groups; g != GroupReady {
		t.Errorf("groups %v, want GroupReady", g)
	}
	if _, err := h.Reporter("x", 64); err == nil || err.Error() != `healthlite: check["x"]: unknown groups 64; use GroupLive, GroupReady and GroupStartup` {
		t.Errorf("Reporter with bad groups: %v", err)
	}
}

// TestPublishReadsYourWrites: after Set and Publish, a probe sees the new
// state at once, with the scheduler running; Publish with nothing pending
// renders nothing.
func TestPublishReadsYourWrites(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	r, _ := h.Reporter("queue", GroupReady)
	f, _ := h.Flag("bot_ready", true)
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	for i, msg := range []string{"backlog 1", "backlog 2", "backlog 3"} {
		r.Set(StatusFail, msg)
		h.Publish()
		if got := get(h, "/readyz/queue?verbose"); got.Status != 503 || !strings.HasSuffix(string(got.Body), ": "+msg+"\n") {
			t.Fatalf("round %d: after Reporter.Set and Publish: %d %q", i, got.Status, got.Body)
		}
		f.Set(i%2 == 0)
		h.Publish()
		if st := state(t, h, "bot_ready"); st.Value != float64((i+1)%2) {
			t.Fatalf("round %d: after Flag.Set(%v) and Publish: value %v", i, i%2 == 0, st.Value)
		}
	}
	r.Set(StatusPass, "drained")
	h.Publish()
	s := h.Snapshot()
	h.Publish()
	if h.Snapshot() != s {
		t.Error("Publish with no update pending rendered a new snapshot")
	}
}
