package core

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestWaitingForFirstRun: during a long initial delay the check says what
// it waits for and how long, not an unexplained "unknown", and counts down.
func TestWaitingForFirstRun(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	if err := h.Register(CheckConfig{Name: "db", InitialDelay: 3 * time.Hour, Check: pass}); err != nil {
		t.Fatal(err)
	}
	if got := state(t, h, "db").Message; got != "waiting for the first run" {
		t.Errorf("before Start: %q", got)
	}
	h.Start(context.Background())
	defer h.Stop()
	if got := string(get(h, "/readyz/db?verbose").Body); got != "[-]db failed: waiting for the first run (in 3h)\n" {
		t.Errorf("/readyz/db?verbose during the delay = %q", got)
	}
	if got := string(get(h, "/readyz/db").Body); strings.Contains(got, "waiting") {
		t.Errorf("/readyz/db without verbose shows the reason: %q", got)
	}
	waitTimers(t, c, 2)
	c.Advance(90 * time.Minute)
	waitFor(t, "the countdown", func() bool { return state(t, h, "db").Message == "waiting for the first run (in 1h30m)" })
	if st := state(t, h, "db"); st.Status != StatusUnknown {
		t.Errorf("status %v during the delay, want unknown", st.Status)
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour + 5*time.Second:             "1h",
		3*time.Hour - 20*time.Second:          "3h",
		time.Hour + 61*time.Second:            "1h1m",
		3 * time.Hour:                         "3h",
		90 * time.Minute:                      "1h30m",
		2*time.Minute + 5*time.Second:         "2m5s",
		time.Minute:                           "1m",
		59*time.Second + 600*time.Millisecond: "1m",
		59 * time.Second:                      "59s",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
