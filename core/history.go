package core

import "time"

// DefaultHistory is the number of results each check keeps when
// Options.History is 0 (which means the default, not off: a negative
// History turns history off).
const DefaultHistory = 32

// Run is one past result of a check, as CheckState.History returns it. For
// an active check it is one run of its check function; for a flag,
// heartbeat or reporter one report of the process (a Set or a Beat) or a
// heartbeat's expiry (see Options.History).
type Run struct {
	// At is when the run started (when the report was made).
	At time.Time
	// Status is what the run reported (before rise and fall are applied).
	Status Status
	// Duration is how long the run took (0 for a passive check).
	Duration time.Duration
}

// run is a Run as the ring keeps it: 16 bytes instead of 40.
type run struct {
	at   int64  // unix nanoseconds of the start
	took uint32 // microseconds, saturating at about 71 minutes
	st   Status
}

// newRun packs a result.
func newRun(at time.Time, took time.Duration, st Status) run {
	us := took / time.Microsecond
	if us < 0 {
		us = 0
	}
	if us > 1<<32-1 {
		us = 1<<32 - 1
	}
	return run{at: at.UnixNano(), took: uint32(us), st: st}
}

// history is a check's ring of its newest results, allocated once at
// registration so that recording a run never allocates, and its flap
// detection (see flap.go). It is guarded by Health.mu.
type history struct {
	ring []run // fixed capacity; nil when history is off
	next int   // the slot the next run goes into
	n    int   // runs held, at most len(ring)
	// changes counts the consecutive runs held whose statuses differ, so
	// that flap detection of a steady check costs no pass over the ring.
	changes int
	flap    flapState
}

// newHistory returns a history of size runs (none when size <= 0).
func newHistory(size int) history {
	if size <= 0 {
		return history{}
	}
	return history{ring: make([]run, size)}
}

// add records r, dropping the oldest run when the ring is full.
func (hi *history) add(r run) {
	if len(hi.ring) == 0 {
		return
	}
	if hi.n > 0 && hi.at(hi.n-1).st != r.st {
		hi.changes++
	}
	if hi.n == len(hi.ring) && hi.n > 1 && hi.at(0).st != hi.at(1).st {
		hi.changes-- // the oldest run is dropped
	}
	hi.ring[hi.next] = r
	hi.next++
	if hi.next == len(hi.ring) {
		hi.next = 0
	}
	if hi.n < len(hi.ring) {
		hi.n++
	}
}

// at returns the i-th run held, oldest first.
func (hi *history) at(i int) run {
	j := hi.next - hi.n + i
	if j < 0 {
		j += len(hi.ring)
	}
	return hi.ring[j]
}

// History appends the check's newest results to dst, oldest first, and
// returns it: at most Options.History of them, as of the snapshot. A
// passive check's reports that changed nothing do not wake the scheduler:
// they show from the next snapshot (the next change, finished check run or
// Health.Publish).
func (c *CheckState) History(dst []Run) []Run {
	for _, r := range c.runs {
		dst = append(dst, Run{At: time.Unix(0, r.at), Status: r.st, Duration: time.Duration(r.took) * time.Microsecond})
	}
	return dst
}

// Runs returns how many past results History would append.
func (c *CheckState) Runs() int { return len(c.runs) }

// passiveSince keeps Since for a flag, heartbeat or reporter, whose status
// changes are seen when a snapshot is rendered. Guarded by Health.mu.
type passiveSince struct {
	seen  bool
	last  Status
	since time.Time
}

// observe notes the status of cs rendered at now, counts a change in m,
// and sets cs.Since.
func (p *passiveSince) observe(cs *CheckState, now time.Time, m *checkMetrics) {
	if !p.seen || cs.Status != p.last {
		if p.seen {
			m.transition(p.last, cs.Status)
		}
		p.seen, p.last, p.since = true, cs.Status, now
	}
	cs.Since = p.since
}

// copyRuns gives every state a copy of its check's ring, all in one
// allocation. h.mu is held.
func (h *Health) copyRuns(states []CheckState) {
	total := 0
	for _, e := range h.entries {
		hi, mu := e.kind.runs()
		if mu != nil {
			mu.Lock()
		}
		total += hi.n
		if mu != nil {
			mu.Unlock()
		}
	}
	if total == 0 {
		return
	}
	buf := make([]run, total)
	for i, e := range h.entries {
		hi, mu := e.kind.runs()
		if mu != nil {
			mu.Lock()
		}
		n := hi.n
		if n > len(buf) { // a passive run recorded since the count
			n = len(buf)
		}
		if n > 0 {
			dst := buf[:n:n]
			buf = buf[n:]
			for k := range dst {
				dst[k] = hi.at(hi.n - n + k)
			}
			states[i].runs = dst
		}
		if mu != nil {
			mu.Unlock()
		}
	}
}

// recordRun adds one run of a to its history and updates its flap
// detection. h.mu is held.
func (h *Health) recordRun(a *activeCheck, r run) {
	if len(a.hist.ring) == 0 {
		return
	}
	a.hist.add(r)
	a.hist.updateFlap(h.opts.FlapLow, h.opts.FlapHigh)
	a.st.Flapping, a.st.StateChange = a.hist.flap.flapping, a.hist.flap.percent
}
