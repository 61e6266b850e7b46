package core

import (
	"sync"
	"time"
)

// passiveRuns is the history, flap detection and Since of a flag, heartbeat
// or reporter, which each embed it. What counts as one run of a passive
// check is one report the process made: a call of Flag.Set or Reporter.Set
// (whether or not it changed anything) or of Heartbeat.Beat (a pass), and,
// for a heartbeat, its expiry, recorded as a fail by the first snapshot
// that finds the TTL passed. A passive run has no duration. Its ring is
// allocated at registration, so that recording never allocates; it has its
// own lock because the reports come from the process's goroutines, outside
// Health.mu (which, when both are held, is taken first).
type passiveRuns struct {
	mu    sync.Mutex
	hist  history
	since passiveSince // guarded by Health.mu
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

// runs returns the ring of a passive check and the lock that guards it.
func (p *passiveRuns) runs() (*history, *sync.Mutex) { return &p.hist, &p.mu }

// observe finishes the state cs of the passive check e, rendered at now:
// its Since and flap detection. h.mu is held.
func (p *passiveRuns) observe(e *entry, now time.Time, cs *CheckState) {
	p.since.observe(cs, now, e.m)
	p.mu.Lock()
	cs.Flapping, cs.StateChange = p.hist.flap.flapping, p.hist.flap.percent
	p.mu.Unlock()
}
