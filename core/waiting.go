package core

import "time"

// waitingMessage is the message of an active check that has not run yet:
// "waiting for the first run (in 3h)" during its initial delay, "waiting
// for the first run" once it is due (or before Start), rather than an
// unexplained unknown. h.mu is held.
func (a *activeCheck) waitingMessage(now time.Time) string {
	const msg = "waiting for the first run"
	if a.firstRun.IsZero() {
		return msg
	}
	left := a.firstRun.Sub(now)
	if left < time.Second {
		return msg
	}
	return msg + " (in " + shortDuration(left) + ")"
}

// shortDuration writes d rounded to the minute from an hour up, else to
// the second, without zero minutes and seconds at its end: "3h", "1h30m",
// "2m5s", "59s".
func shortDuration(d time.Duration) string {
	unit := time.Second
	if d >= time.Hour {
		unit = time.Minute
	}
	s := d.Round(unit).String()
	if n := len(s); n > 3 && s[n-3:] == "m0s" {
		s = s[:n-2]
	}
	if n := len(s); n > 3 && s[n-3:] == "h0m" {
		s = s[:n-2]
	}
	return s
}
