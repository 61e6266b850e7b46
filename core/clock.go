package core

import (
	"time"

	"github.com/healthlite/healthlite/core/internal/clock"
)

// Clock is the source of time for the scheduler, heartbeats and snapshots.
// It is injectable so that tests drive time by hand (see
// coretest.ManualClock) instead of sleeping.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// NewTimer returns a Timer that delivers the time on its channel once d
	// has elapsed.
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer made by a Clock: C returns the channel on which
// the time is delivered; Stop prevents the timer from firing and reports
// whether it did.
type Timer = clock.Timer

// SystemClock is the real clock (time.Now and time.NewTimer), the default
// of Options.Clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// NewTimer returns a timer of the time package for d.
func (SystemClock) NewTimer(d time.Duration) Timer { return newSystemTimer(d) }
