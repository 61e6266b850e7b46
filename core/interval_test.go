package core

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// A failing check is tried again after DownInterval, one counting towards
// Rise or Fall after FastInterval, a steady passing one after Interval.
func TestStateIntervals(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	var good atomic.Bool
	var runs atomic.Int32
	err := h.Register(CheckConfig{Name: "db", Interval: 10 * time.Second, Rise: 2, Fall: 2,
		FastInterval: 2 * time.Second, DownInterval: 3 * time.Second,
		Check: CheckFunc(func(_ context.Context, r *Result) {
			runs.Add(1)
			r.Status = StatusFail
			if good.Load() {
				r.Status = StatusPass
			}
		})})
	if err != nil {
		t.Fatal(err)
	}
	h.Start(context.Background())
	defer h.Stop()
	at := t0
	// step advances the clock by d and waits for run number n at the new time.
	step := func(d time.Duration, n int32, what string) {
		t.Helper()
		waitTimers(t, c, 2) // the render tick and the check's next run
		c.Advance(d - time.Nanosecond)
		if runs.Load() != n-1 {
			t.Fatalf("%s: run %d came before %v", what, runs.Load(), d)
		}
		c.Advance(time.Nanosecond)
		at = at.Add(d)
		waitFor(t, what, func() bool { return state(t, h, "db").LastRun.Equal(at) })
	}
	waitFor(t, "the first run", func() bool { return runs.Load() == 1 && state(t, h, "db").Status == StatusFail })
	step(3*time.Second, 2, "a failing check, again after DownInterval")
	good.Store(true)
	step(3*time.Second, 3, "its first passing run, after DownInterval")
	if st := state(t, h, "db"); st.Status != StatusFail {
		t.Fatalf("one passing run of rise 2: %v", st.Status)
	}
	step(2*time.Second, 4, "rising: after FastInterval")
	if st := state(t, h, "db"); st.Status != StatusPass {
		t.Fatalf("two passing runs of rise 2: %v", st.Status)
	}
	step(10*time.Second, 5, "passing: after Interval")
	good.Store(false)
	step(10*time.Second, 6, "its first failing run, after Interval")
	step(2*time.Second, 7, "falling: after FastInterval")
	if st := state(t, h, "db"); st.Status != StatusFail {
		t.Fatalf("two failing runs of fall 2: %v", st.Status)
	}
}

func TestStateIntervalDefaults(t *testing.T) {
	for _, tc := range []struct{ interval, want time.Duration }{
		{0, time.Second}, {500 * time.Millisecond, 500 * time.Millisecond}, {time.Minute, time.Second},
	} {
		cfg, err := CheckConfig{Name: "x", Check: CheckFunc(func(context.Context, *Result) {}), Interval: tc.interval}.withDefaults()
		if err != nil || cfg.FastInterval != tc.want || cfg.DownInterval != tc.want {
			t.Errorf("interval %v: fast %v, down %v, %v; want %v", tc.interval, cfg.FastInterval, cfg.DownInterval, err, tc.want)
		}
	}
	if _, err := (CheckConfig{Name: "x", Check: CheckFunc(func(context.Context, *Result) {}), DownInterval: -1}).withDefaults(); err == nil {
		t.Error("a negative DownInterval was accepted")
	}
}
