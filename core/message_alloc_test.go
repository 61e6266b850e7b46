//go:build !race && !tinygo

package core

import (
	"strings"
	"testing"
)

// Cutting copies only what is kept (one allocation, so the long message can
// be freed); a message that fits, or a reporter set again to the same long
// message, costs nothing.
func TestCapMessageAllocations(t *testing.T) {
	short, long := strings.Repeat("a", MaxMessage), strings.Repeat("a", 1<<20)
	if n := testing.AllocsPerRun(100, func() { _ = capMessage(short) }); n != 0 {
		t.Errorf("capMessage of a message that fits: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = capMessage(long) }); n != 1 {
		t.Errorf("capMessage of a megabyte: %v allocs, want 1", n)
	}
	h := New(Options{Clock: NewManualClock(t0)})
	r, _ := h.Reporter("rep", GroupReady)
	r.Set(StatusFail, long)
	seq := h.Snapshot().seq
	if n := testing.AllocsPerRun(100, func() { r.Set(StatusFail, long) }); n != 0 {
		t.Errorf("Reporter.Set of the same long message: %v allocs, want 0", n)
	}
	if h.Snapshot().seq != seq {
		t.Error("setting the same long message again published a new snapshot")
	}
}
