package core

import (
	"testing"
	"time"
)

func TestSystemClock(t *testing.T) {
	c := SystemClock{}
	if d := time.Since(c.Now()); d < 0 || d > time.Minute {
		t.Errorf("SystemClock.Now() is %v away from time.Now()", d)
	}
	tm := c.NewTimer(time.Millisecond)
	<-tm.C()
	if tm.Stop() {
		t.Error("Stop after firing reported true")
	}
}
