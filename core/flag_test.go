package core

import (
	"context"
	"strings"
	"testing"
)

func TestFlagsAreTopLevelFieldsAndGateReadiness(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	ready, _ := h.Flag("bot_ready", false)
	info, _ := h.Flag("trading_bot_initialized", false, Informational)
	h.Start(context.Background())
	defer h.Stop()
	body := string(get(h, "/health").Body)
	if !strings.Contains(body, `"bot_ready":false,"trading_bot_initialized":false,"checks":{}`) {
		t.Errorf("/health = %s", body)
	}
	if r := get(h, "/readyz?verbose"); r.Status != 503 || string(r.Body) != "[-]bot_ready failed since 19:29:30Z: bot_ready is false\nreadyz check failed\n" {
		t.Errorf("/readyz with bot_ready false = %d %q", r.Status, r.Body)
	}
	if r := get(h, "/livez"); r.Status != 200 {
		t.Errorf("/livez = %d: flags count for readiness only", r.Status)
	}
	ready.Set(true)
	waitFor(t, "bot_ready to be published", func() bool { return h.Snapshot().Ready() })
	if !ready.Value() || info.Value() {
		t.Error("Value does not report the flags")
	}
	body = string(get(h, "/health").Body)
	if !strings.Contains(body, `"status":"healthy"`) || !strings.Contains(body, `"bot_ready":true,"trading_bot_initialized":false`) {
		t.Errorf("/health with an informational flag false = %s, want healthy", body)
	}
	if r := get(h, "/readyz?verbose"); strings.Contains(string(r.Body), "trading_bot_initialized") {
		t.Errorf("an informational flag is listed by /readyz: %q", r.Body)
	}
}

func TestFlagSetBeforeStartIsPublishedAtOnce(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", false)
	f.Set(true)
	if !strings.Contains(string(h.Snapshot().HealthJSON()), `"bot_ready":true`) {
		t.Errorf("HealthJSON = %s", h.Snapshot().HealthJSON())
	}
}

func TestFlagSetWhileRunningWakesScheduler(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", true)
	h.live.Store(true) // as if the scheduler ran: Set only signals it
	before := h.Snapshot()
	f.Set(false)
	if h.Snapshot() != before {
		t.Fatal("Set rendered in the caller while the scheduler runs")
	}
	select {
	case <-h.notify:
	default:
		t.Fatal("Set did not wake the scheduler")
	}
	f.Set(false)
	select {
	case <-h.notify:
		t.Fatal("Set without a change woke the scheduler")
	default:
	}
}
