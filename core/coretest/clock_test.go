package coretest

import (
	"testing"
	"time"
)

func TestManualClockFiresDueTimersInOrder(t *testing.T) {
	c := NewManualClock(t0)
	late, early, never := c.NewTimer(3*time.Second), c.NewTimer(time.Second), c.NewTimer(time.Hour)
	stopped := c.NewTimer(time.Second)
	if !stopped.Stop() || stopped.Stop() {
		t.Fatal("Stop of a pending timer must report true once")
	}
	if c.Timers() != 3 {
		t.Fatalf("Timers() = %d, want 3", c.Timers())
	}
	c.Advance(500 * time.Millisecond)
	select {
	case <-early.C():
		t.Fatal("timer fired before its time")
	default:
	}
	c.Advance(3 * time.Second)
	if got := <-early.C(); !got.Equal(t0.Add(3500 * time.Millisecond)) {
		t.Errorf("fired with %v", got)
	}
	<-late.C()
	select {
	case <-never.C():
		t.Fatal("a timer an hour away fired")
	case <-stopped.C():
		t.Fatal("a stopped timer fired")
	default:
	}
	if c.Timers() != 1 || !c.Now().Equal(t0.Add(3500*time.Millisecond)) {
		t.Errorf("Timers() = %d, Now() = %v", c.Timers(), c.Now())
	}
	select {
	case <-c.NewTimer(0).C():
	default:
		t.Error("a timer for 0 must fire at once")
	}
}

var t0 = time.Date(2025, 6, 4, 19, 29, 30, 0, time.UTC)
