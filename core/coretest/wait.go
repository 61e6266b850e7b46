package coretest

import (
	"testing"
	"time"
)

// WaitTimeout is how long WaitFor polls before it fails the test: far
// longer than a working scheduler, server or client takes, so that only a
// broken one (or a machine stalled for that long) fails it.
const WaitTimeout = 30 * time.Second

// WaitFor polls cond every millisecond until it holds, as tests wait for
// what a Health publishes asynchronously (a snapshot, a server's state);
// after WaitTimeout it fails tb with what it was waiting for.
func WaitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(WaitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting (%v) for %s", WaitTimeout, what)
		}
		time.Sleep(time.Millisecond)
	}
}
