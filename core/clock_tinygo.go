//go:build tinygo

package core

import "time"

// newSystemTimer returns a timer for d made with time.AfterFunc. Under
// TinyGo time.NewTimer reads a GODEBUG setting, which brings the table of
// every setting, a sync.Map and reflection: some 8 KB of a
// microcontroller's flash and 1.8 KB of its RAM. AfterFunc does not.
func newSystemTimer(d time.Duration) Timer {
	c := make(chan time.Time, 1)
	t := time.AfterFunc(d, func() {
		select {
		case c <- time.Now():
		default:
		}
	})
	return &afterTimer{c: func() <-chan time.Time { return c }, stop: t.Stop}
}

// afterTimer is a one-shot timer that delivers on its own channel. Its
// fields are funcs, not the channel and the *time.Timer: a type stored in
// an interface keeps the String methods of the types its fields hold
// reachable from the runtime's panic printer, and time.Time's brings the
// time zone code and reflection (some 16 KB of flash).
type afterTimer struct {
	c    func() <-chan time.Time
	stop func() bool
}

func (t *afterTimer) C() <-chan time.Time { return t.c() }
func (t *afterTimer) Stop() bool          { return t.stop() }
