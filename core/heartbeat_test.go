package core

import (
	"context"
	"testing"
	"time"
)

func TestHeartbeatFailsAfterTTLAndRecoversOnBeat(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	hb, _ := h.Heartbeat("loop", 30*time.Second)
	h.Start(context.Background())
	defer h.Stop()
	if st := state(t, h, "loop"); st.Status != StatusFail || st.Message != "waiting for the first heartbeat (ttl 30s)" || st.Groups != GroupReady {
		t.Fatalf("before the first beat: %+v; want failing readiness only", st)
	}
	if s := h.Snapshot(); !s.Live() || s.Ready() {
		t.Errorf("before the first beat: live %v, ready %v; want live, not ready", s.Live(), s.Ready())
	}
	if resp := get(h, "/livez?verbose"); resp.Status != 200 || contains(string(resp.Body), "loop") {
		t.Errorf("/livez?verbose before the first beat = %d %q; want 200 without the heartbeat", resp.Status, resp.Body)
	}
	if got := string(get(h, "/health").Body); !contains(got, `"last_heartbeat":null`) {
		t.Errorf("/health before any beat = %s", got)
	}
	waitTimers(t, c, 1)
	c.Advance(31 * time.Second)
	waitFor(t, "the heartbeat to expire", func() bool { return state(t, h, "loop").Groups&GroupLive != 0 })
	if st := state(t, h, "loop"); st.Message != "no heartbeat since registration 31s ago (ttl 30s)" {
		t.Errorf("expired before any beat: %q", st.Message)
	}
	if h.Snapshot().Live() || state(t, h, "loop").Groups != GroupLive|GroupReady {
		t.Error("live with an expired heartbeat")
	}
	hb.Beat()
	waitFor(t, "the beat to be published", func() bool { return state(t, h, "loop").Status == StatusPass })
	beat := t0.Add(31 * time.Second)
	if st := state(t, h, "loop"); !st.LastRun.Equal(beat) || st.Message != "last heartbeat 0s ago" {
		t.Errorf("after a beat: %+v", st)
	}
	if got := string(get(h, "/health").Body); !contains(got, `"last_heartbeat":"2025-06-04T19:30:01.000Z"`) {
		t.Errorf("/health after a beat = %s", got)
	}
	for i := 0; i < 31; i++ { // one render per second of the clock
		waitTimers(t, c, 1)
		c.Advance(time.Second)
	}
	waitFor(t, "the second expiry", func() bool { return state(t, h, "loop").Status == StatusFail })
	if st := state(t, h, "loop"); st.Message != "last heartbeat 31s ago (ttl 30s)" {
		t.Errorf("expired after a beat: %q", st.Message)
	}
}

func TestBeatOfHealthyHeartbeatDoesNotWakeScheduler(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	hb, _ := h.Heartbeat("loop", time.Second)
	hb.Beat() // published at once: the scheduler is not running
	h.live.Store(true)
	hb.Beat()
	select {
	case <-h.notify:
		t.Fatal("a beat of a passing heartbeat woke the scheduler")
	default:
	}
	hb.failing.Store(true)
	hb.Beat()
	select {
	case <-h.notify:
	default:
		t.Fatal("a beat of a failing heartbeat did not wake the scheduler")
	}
}
