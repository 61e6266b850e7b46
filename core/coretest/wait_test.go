package coretest

import (
	"sync/atomic"
	"testing"
)

func TestWaitForReturnsOnceCondHolds(t *testing.T) {
	var n atomic.Int32
	go func() {
		for i := 0; i < 3; i++ {
			n.Add(1)
		}
	}()
	calls := 0
	WaitFor(t, "three", func() bool { calls++; return n.Load() == 3 })
	if n.Load() != 3 || calls == 0 {
		t.Fatalf("WaitFor returned with n=%d after %d calls", n.Load(), calls)
	}
}
