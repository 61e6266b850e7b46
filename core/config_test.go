package core

import (
	"errors"
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

func TestCheckErrorsAreTyped(t *testing.T) {
	h := New(Options{})
	h.Reporter("db", GroupReady)
	_, err := h.Reporter("db", GroupReady)
	var ce *CheckError
	if !errors.As(err, &ce) || ce.Name != "db" || ce.Reason != "already registered; names must be unique" ||
		ce.Text() != `check["db"]: already registered; names must be unique` || err.Error() != "healthlite: "+ce.Text() {
		t.Errorf("duplicate: %v (%#v)", err, ce)
	}
	for name, want := range map[string]string{
		"":                "healthlite: check name is empty",
		"d b":             `healthlite: check["d b"]: name contains a space or control character`,
		"db.primary:5432": "",
		"é":               "",
	} {
		err := ValidName(name)
		if (err == nil) != (want == "") || err != nil && (err.Error() != want || !errors.As(err, &ce)) {
			t.Errorf("ValidName(%q) = %v, want %q", name, err, want)
		}
	}
}
