package core

import "time"

// defaultStateInterval caps the default FastInterval and DownInterval: a
// failing or changing check is tried again within a second.
const defaultStateInterval = time.Second

// stateIntervals checks FastInterval and DownInterval and sets their
// defaults, min(Interval, 1s). Interval is already set.
func (cfg *CheckConfig) stateIntervals() error {
	for _, d := range [...]struct {
		name string
		v    *time.Duration
	}{{"fast interval", &cfg.FastInterval}, {"down interval", &cfg.DownInterval}} {
		if *d.v < 0 {
			return checkError(cfg.Name, d.name+" "+d.v.String()+" is negative")
		}
		if *d.v == 0 {
			*d.v = min(cfg.Interval, defaultStateInterval)
		}
	}
	return nil
}

// nextInterval is the time from the start of a's latest run to the start of
// its next, as HAProxy schedules checks: FastInterval while a is changing
// state (a passing check that failed fewer than Fall times, a failing one
// that passed fewer than Rise times), DownInterval while it fails, Interval
// otherwise.
func (h *Health) nextInterval(a *activeCheck) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	good := passing(a.st.Status)
	switch {
	case good && a.st.ConsecutiveFailures > 0, !good && a.okRuns > 0:
		return a.cfg.FastInterval
	case !good:
		return a.cfg.DownInterval
	}
	return a.cfg.Interval
}
