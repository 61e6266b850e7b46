package coretest

import (
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/polltest"
)

// WaitTimeout is how long WaitFor polls before it fails the test: far
// longer than a working scheduler, server or client takes, so that only a
// broken one (or a machine stalled for that long) fails it.
const WaitTimeout = 30 * time.Second

// WaitFor polls cond until it holds, as tests wait for what a Health
// publishes asynchronously (a snapshot, a server's state); after
// WaitTimeout it fails tb with what it was waiting for. It is
// polltest.Until with the timeout every core test shares, for the tests of
// modules that cannot import the root module's internal packages.
func WaitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	polltest.Until(tb, WaitTimeout, what, cond)
}
