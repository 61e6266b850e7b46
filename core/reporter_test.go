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
