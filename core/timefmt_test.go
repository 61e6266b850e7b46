package core

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestCivilMatchesTimeFormat compares core's UTC formatting with the time
// package's layouts it replaces, around the edges of days, months, leap
// years and centuries, and at random times from year -9999 to 9999.
func TestCivilMatchesTimeFormat(t *testing.T) {
	check := func(tm time.Time) {
		t.Helper()
		c := civilOf(tm)
		u := tm.UTC()
		got := string(c.appendClock(append(c.appendDate(nil), 'T')))
		if want := u.Format("2006-01-02T15:04:05"); got != want {
			t.Errorf("%d.%09d: %s, want %s", tm.Unix(), tm.Nanosecond(), got, want)
		}
		if got, want := string(appendJSONTime(nil, tm)), `"`+u.Format("2006-01-02T15:04:05.000Z07:00")+`"`; got != want && !tm.IsZero() {
			t.Errorf("appendJSONTime(%v) = %s, want %s", u, got, want)
		}
	}
	for _, y := range []int{-401, -400, -1, 0, 1, 4, 99, 100, 999, 1000, 1582, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 2400, 9999} {
		for _, m := range []time.Month{1, 2, 3, 12} {
			for _, d := range []int{1, 28, 29, 30, 31} {
				base := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
				for _, off := range []time.Duration{-time.Nanosecond, 0, time.Millisecond, time.Hour*23 + 59*time.Minute + 59*time.Second + 999*time.Millisecond} {
					check(base.Add(off))
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	lo := time.Date(-9999, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	for i := 0; i < 20_000; i++ {
		check(time.Unix(lo+r.Int64N(hi-lo), r.Int64N(1e9)).In(time.FixedZone("x", 3600*r.IntN(24)-43200)))
	}
}
