package core

import (
	"slices"
	"testing"
	"time"
)

// statuses returns the statuses of the runs in the snapshot's state of name.
func statuses(t *testing.T, h *Health, name string) []Status {
	t.Helper()
	st := state(t, h, name)
	var out []Status
	for _, r := range st.History(nil) {
		out = append(out, r.Status)
	}
	return out
}

func TestFlagRunIsEverySet(t *testing.T) {
	h, c := newTestHealth(t, Options{History: 4})
	f, _ := h.Flag("bot_ready", false)
	info, _ := h.Flag("warm", false, Informational)
	for _, v := range []bool{true, true, false, true, true} {
		c.Advance(time.Second)
		f.Set(v)
		info.Set(v)
	}
	h.Publish()
	want := []Status{StatusPass, StatusFail, StatusPass, StatusPass} // the newest 4 of 5
	if got := statuses(t, h, "bot_ready"); !slices.Equal(got, want) {
		t.Errorf("flag runs %v, want %v", got, want)
	}
	if got := statuses(t, h, "warm"); !slices.Equal(got, []Status{StatusPass, StatusPass, StatusPass, StatusPass}) {
		t.Errorf("informational flag runs %v, want passes only", got)
	}
	st := state(t, h, "bot_ready")
	runs := st.History(nil)
	if !runs[3].At.Equal(t0.Add(5*time.Second)) || runs[3].Duration != 0 {
		t.Errorf("newest run at %v took %v, want %v and 0", runs[3].At, runs[3].Duration, t0.Add(5*time.Second))
	}
}

func TestTogglingFlagFlaps(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", false)
	steady, _ := h.Flag("steady", true)
	for i := 0; i < 12; i++ {
		c.Advance(time.Second)
		f.Set(i%2 == 0)
		steady.Set(true)
	}
	h.Publish()
	if st := state(t, h, "bot_ready"); !st.Flapping || st.Runs() != 12 {
		t.Errorf("toggling flag: flapping %v (%.1f %%), %d runs; want flapping, 12", st.Flapping, st.StateChange, st.Runs())
	}
	if st := state(t, h, "steady"); st.Flapping || st.StateChange != 0 {
		t.Errorf("steady flag flapping %v (%.1f %%)", st.Flapping, st.StateChange)
	}
	if lines := metricLines(h, "healthlite_check_flapping"); !hasLine(lines, `healthlite_check_flapping{check="bot_ready"} 1`) {
		t.Errorf("flapping gauge: %v", lines)
	}
}

func TestHeartbeatRunsAreBeatsAndExpiries(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	hb, _ := h.Heartbeat("loop", 10*time.Second)
	c.Advance(11 * time.Second)
	h.publish() // a render, as the scheduler's: no beat within the first TTL, one expiry
	h.publish() // seen again: still the same expiry
	hb.Beat()
	c.Advance(time.Second)
	hb.Beat()
	c.Advance(11 * time.Second)
	h.publish() // the second expiry
	c.Advance(time.Second)
	h.publish()
	want := []Status{StatusFail, StatusPass, StatusPass, StatusFail}
	if got := statuses(t, h, "loop"); !slices.Equal(got, want) {
		t.Errorf("heartbeat runs %v, want %v", got, want)
	}
}

func TestReporterRunIsEverySet(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	r, _ := h.Reporter("queue", GroupReady)
	r.Set(StatusPass, "ok")
	c.Advance(time.Second)
	r.Set(StatusPass, "ok") // no change: recorded, not published by itself
	r.Set(StatusWarn, "slow")
	r.Set(StatusFail, "backlog")
	want := []Status{StatusPass, StatusPass, StatusWarn, StatusFail}
	if got := statuses(t, h, "queue"); !slices.Equal(got, want) {
		t.Errorf("reporter runs %v, want %v", got, want)
	}
}

func TestPassiveHistoryOff(t *testing.T) {
	h, _ := newTestHealth(t, Options{History: -1})
	f, _ := h.Flag("bot_ready", false)
	r, _ := h.Reporter("queue", GroupReady)
	hb, _ := h.Heartbeat("loop", time.Minute)
	for i := 0; i < 10; i++ {
		f.Set(i%2 == 0)
		r.Set(Status(i%4), "x")
		hb.Beat()
	}
	h.Publish()
	for _, name := range []string{"bot_ready", "queue", "loop"} {
		if st := state(t, h, name); st.Runs() != 0 || st.Flapping {
			t.Errorf("%s with history off: %d runs, flapping %v", name, st.Runs(), st.Flapping)
		}
	}
	if lines := metricLines(h, "healthlite_check_flapping"); len(lines) != 0 {
		t.Errorf("flapping gauges with history off: %v", lines)
	}
}
