//go:build tinygo

package core

import "time"

// newSystemTimer returns a timer for d made with time.AfterFunc. Under
// TinyGo time.NewTimer reads a GODEBUG setting, which brings the table of
// every setting, a sync.Map and reflection: some 8 KB of a
// microcontroller's flash and 1.8 KB of its RAM. AfterFunc does not.
func newSystemTimer(d time.Duration) Timer {
	t := &afterTimer{c: make(chan time.Time, 1)}
	t.t = time.AfterFunc(d, t.fire)
	return t
}

// afterTimer is a one-shot timer that delivers on its own channel.
type afterTimer struct {
	c chan time.Time
	t *time.Timer
}

func (t *afterTimer) fire() {
	select {
	case t.c <- time.Now():
	default:
	}
}

func (t *afterTimer) C() <-chan time.Time { return t.c }
func (t *afterTimer) Stop() bool          { return t.t.Stop() }
