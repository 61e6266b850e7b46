package core

import (
	"sync"
	"time"
)

// passiveRuns is the history and flap detection of a flag, heartbeat or
// reporter. What counts as one run of a passive check is one report the
// process made: a call of Flag.Set or Reporter.Set (whether or not it
// changed anything) or of Heartbeat.Beat (a pass), and, for a heartbeat,
// its expiry, recorded as a fail by the first snapshot that finds the TTL
// passed. A passive run has no duration. Its ring is allocated at
// registration, so that recording never allocates; it has its own lock
// because the reports come from the process's goroutines, outside Health.mu
// (which, when both are held, is taken first).
type passiveRuns struct {
	mu   sync.Mutex
	hist history
}

// newPassiveRuns returns the runs of a passive check of h.
func newPassiveRuns(h *Health) passiveRuns {
	return passiveRuns{hist: newHistory(h.opts.History)}
}

// add records a run with status st at at and updates the flap detection.
// A run that changes nothing else does not wake the scheduler: it is
// rendered by the next snapshot, or by Publish, which it marks pending.
func (p *passiveRuns) add(h *Health, at time.Time, st Status) {
	if len(p.hist.ring) == 0 {
		return
	}
	p.mu.Lock()
	p.hist.add(newRun(at, 0, st))
	p.hist.updateFlap(h.opts.FlapLow, h.opts.FlapHigh)
	p.mu.Unlock()
	h.dirty.Store(true)
}

// passive returns the runs of a passive check (nil for an active one).
func (e *entry) passive() *passiveRuns {
	switch e.kind {
	case kindFlag:
		return &e.flag.runs
	case kindHeartbeat:
		return &e.hb.runs
	case kindReporter:
		return &e.rep.runs
	}
	return nil
}

// historyOf returns the ring of e and, for a passive check, the lock that
// guards it (h.mu guards an active check's).
func (e *entry) historyOf() (*history, *sync.Mutex) {
	if p := e.passive(); p != nil {
		return &p.hist, &p.mu
	}
	return &e.active.hist, nil
}
