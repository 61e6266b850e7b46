package coretest

import "time"

// TB is the part of testing.TB the waits use (*testing.T and *testing.B
// are TBs), so that this package, which core's own tests import, needs
// nothing beyond what core may import.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// WaitTimeout is how long WaitFor polls before it fails the test: far
// longer than a working scheduler, server or client takes, so that only a
// broken one (or a machine stalled for that long) fails it.
const WaitTimeout = 30 * time.Second

// maxPause bounds the pause between two calls of a condition.
const maxPause = 50 * time.Millisecond

// WaitFor is WaitUntil with WaitTimeout, as tests wait for what a Health
// publishes asynchronously (a snapshot, a server's state).
func WaitFor(tb TB, what string, cond func() bool) {
	tb.Helper()
	WaitUntil(tb, WaitTimeout, what, cond)
}

// WaitUntil calls cond until it returns true, and fails the test (Fatalf,
// naming what it waited for) when timeout passes first: the one polling
// rule of healthlite's tests, for what another goroutine or process brings
// about (a server's answer, a file written, a process gone). The pause
// between calls starts at a millisecond and doubles up to 50ms: a
// condition that soon holds is seen soon, and one that runs a process is
// not asked more than 20 times a second.
func WaitUntil(tb TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	pause := time.Millisecond
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %v waiting: %s", timeout, what)
			return
		}
		time.Sleep(pause)
		pause = min(2*pause, maxPause)
	}
}
