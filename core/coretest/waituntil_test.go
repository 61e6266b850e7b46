//go:build !tinygo

// Not under TinyGo: the recorder ends a failing wait with runtime.Goexit,
// as testing's Fatalf does, and TinyGo's scheduler deadlocks on it.

package coretest_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
)

// recorder is a testing.TB whose Fatalf records the message and ends the
// goroutine, as the real one does.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls Until on a recorder in a goroutine of its own and returns what
// it failed with ("" when it returned).
func run(timeout time.Duration, cond func() bool) string {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		coretest.WaitUntil(r, timeout, "the thing", cond)
	}()
	<-done
	return r.failed
}

func TestWaitUntilReturnsOnceTheConditionHolds(t *testing.T) {
	var calls atomic.Int64
	if msg := run(time.Minute, func() bool { return calls.Add(1) == 5 }); msg != "" {
		t.Fatalf("failed: %s", msg)
	}
	if n := calls.Load(); n != 5 {
		t.Errorf("cond called %d times, want 5 (until it held, and no more)", n)
	}
}

func TestWaitUntilFailsNamingWhatItWaitedFor(t *testing.T) {
	var calls atomic.Int64
	msg := run(100*time.Millisecond, func() bool { calls.Add(1); return false })
	if want := "timed out after 100ms waiting: the thing"; msg != want {
		t.Errorf("failed with %q, want %q", msg, want)
	}
	// The pause doubles from 1ms to at most 50ms, so 100ms hold a handful
	// of calls (fewer on a loaded machine): more than one, far fewer than
	// one a millisecond.
	if n := calls.Load(); n < 2 || n > 20 {
		t.Errorf("cond called %d times in 100ms, want a handful (backing off to 50ms)", n)
	}
}

func TestWaitUntilAsksAtLeastOnceWhenTheTimeIsUp(t *testing.T) {
	if msg := run(0, func() bool { return true }); msg != "" {
		t.Errorf("a condition that holds at once failed with a zero timeout: %s", msg)
	}
}
