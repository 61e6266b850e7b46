//go:build !race && !tinygo

package core

import (
	"testing"
	"time"
)

// TestRecordAllocatesNothing: recording a run into the history ring, with
// flap detection and a change of status counted, allocates nothing once
// every transition it makes has its counter.
func TestRecordAllocatesNothing(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	if err := h.Register(CheckConfig{Name: "db", Check: CheckFunc(nop)}); err != nil {
		t.Fatal(err)
	}
	a := h.entries[0].active
	h.live.Store(true) // as while the scheduler runs: a change only wakes it
	ok, bad := Result{Status: StatusPass, Message: "ok"}, Result{Status: StatusFail, Message: "down"}
	k := 0
	run := func() {
		k++
		res := ok
		if k%2 == 0 {
			res = bad
		}
		h.record(a, res, time.Millisecond, c.Now())
	}
	for i := 0; i < 2*DefaultHistory; i++ {
		run()
	}
	if n := testing.AllocsPerRun(1000, run); n != 0 {
		t.Errorf("record: %v allocations per run, want 0", n)
	}
	if !a.st.Flapping {
		t.Errorf("an alternating check is not flapping (%.1f %%)", a.st.StateChange)
	}
}

// TestPassiveUpdatesAllocateNothing: a Set or Beat records its run and
// updates flap detection without allocating, at steady state (the ring
// full, every transition counted).
func TestPassiveUpdatesAllocateNothing(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", false)
	r, _ := h.Reporter("queue", GroupReady)
	hb, _ := h.Heartbeat("loop", time.Minute)
	h.live.Store(true) // as while the scheduler runs: a change only wakes it
	k := 0
	update := func() {
		k++
		f.Set(k%2 == 0)
		if k%2 == 0 {
			r.Set(StatusPass, "ok")
		} else {
			r.Set(StatusFail, "down")
		}
		hb.Beat()
	}
	for i := 0; i < 2*DefaultHistory; i++ {
		update()
	}
	if n := testing.AllocsPerRun(1000, update); n != 0 {
		t.Errorf("Set, Set, Beat: %v allocations per update, want 0", n)
	}
	if f.hist.n != DefaultHistory || !f.hist.flap.flapping {
		t.Errorf("flag: %d runs, flapping %v", f.hist.n, f.hist.flap.flapping)
	}
}
