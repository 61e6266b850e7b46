// Package polltest waits in tests for something another goroutine or
// process brings about — a server's answer, a file written, a process gone —
// by asking a condition again and again until it holds or a time limit
// passes, so that tests need not write the polling loop again.
package polltest

import (
	"testing"
	"time"
)

// maxPause bounds the pause between two calls of a condition.
const maxPause = 50 * time.Millisecond

// Until calls cond until it returns true, and fails the test (Fatalf,
// naming what it waited for) when timeout passes first. The pause between
// calls starts at a millisecond and doubles up to 50ms: a condition that
// soon holds is seen soon, and one that runs a process is not asked more
// than 20 times a second.
func Until(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
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
