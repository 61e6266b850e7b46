// Package clock holds the Timer interface of core's Clock, so that
// core/coretest can make a Clock without importing core (and core's own
// tests can import core/coretest).
package clock

import "time"

// Timer is a one-shot timer made by a Clock.
type Timer interface {
	// C returns the channel on which the time is delivered.
	C() <-chan time.Time
	// Stop prevents the timer from firing; it reports whether it did.
	Stop() bool
}
