package core

import (
	"testing"
	"time"
)

// TestDefaultTimeoutShorterThanInterval: an unset timeout is 2s, or half
// the interval when 2s would not be shorter than it, so that a run that
// times out has ended before the next is due. One set explicitly is kept,
// longer than the interval too.
func TestDefaultTimeoutShorterThanInterval(t *testing.T) {
	for _, c := range []struct{ interval, timeout, want time.Duration }{
		{0, 0, DefaultTimeout},
		{3 * time.Second, 0, DefaultTimeout},
		{2 * time.Second, 0, time.Second},
		{200 * time.Millisecond, 0, 100 * time.Millisecond},
		{time.Second, 999 * time.Millisecond, 999 * time.Millisecond},
		{time.Second, time.Hour, time.Hour},
	} {
		cfg, err := CheckConfig{Name: "c", Check: pass, Interval: c.interval, Timeout: c.timeout}.withDefaults()
		if err != nil || cfg.Timeout != c.want || c.timeout == 0 && cfg.Timeout >= cfg.Interval {
			t.Errorf("interval %v, timeout %v: timeout %v (interval %v), %v; want %v", c.interval, c.timeout, cfg.Timeout, cfg.Interval, err, c.want)
		}
	}
}
