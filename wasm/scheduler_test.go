package wasm

import (
	"context"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// TestScheduledByCore registers modules with core's scheduler, which runs
// them like any other check: a good one and an endless loop that the
// scheduler's own deadline stops.
func TestScheduledByCore(t *testing.T) {
	good := load(t, "status", Options{Name: "good", Config: map[string]string{"status": "1", "message": "slow disk"}})
	loop := load(t, "loop", Options{Name: "loop"})
	h := core.New(core.Options{})
	for _, cfg := range []core.CheckConfig{
		{Name: "good", Check: good, Interval: time.Hour, Timeout: time.Second},
		// 300ms, not 30ms: the check measures its budget from its own
		// start, after the scheduler's goroutine starts; a budget of 30ms
		// read 0.6ms late on a loaded machine said "29ms" (rounded to the
		// millisecond below 100ms, to 10ms above).
		{Name: "loop", Check: loop, Interval: time.Hour, Timeout: 300 * time.Millisecond},
	} {
		if err := h.Register(cfg); err != nil {
			t.Fatal(err)
		}
	}
	snaps := make(chan *core.Snapshot, 16)
	h.Subscribe(func(s *core.Snapshot) {
		select {
		case snaps <- s:
		default:
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := h.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.Stop()

	want := map[string]core.CheckState{
		"good": {Status: core.StatusWarn, Message: "slow disk", Value: 12.5, HasValue: true},
		"loop": {Status: core.StatusFail, Message: "timeout after 300ms"},
	}
	deadline := time.After(10 * time.Second)
	for {
		var s *core.Snapshot
		select {
		case s = <-snaps:
		case <-deadline:
			t.Fatal("the scheduler did not publish both results within 10s")
		}
		done := 0
		for _, cs := range s.Checks() {
			w, ok := want[cs.Name]
			if !ok || cs.LastRun.IsZero() {
				continue
			}
			if cs.Status != w.Status || cs.Message != w.Message || cs.Value != w.Value || cs.HasValue != w.HasValue {
				t.Fatalf("%s: got %v %q %v %v, want %v %q %v %v", cs.Name, cs.Status, cs.Message, cs.Value, cs.HasValue, w.Status, w.Message, w.Value, w.HasValue)
			}
			done++
		}
		if done == len(want) {
			return
		}
	}
}
