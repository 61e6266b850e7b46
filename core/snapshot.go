package core

import "time"

// CheckState is the published state of one check in a Snapshot.
type CheckState struct {
	// Name is the check's name.
	Name string
	// Groups are the probes the check counts for (0 for an informational
	// flag, which counts for none).
	Groups Groups
	// Critical is false for a check whose failure only degrades to warn.
	Critical bool
	// Status is the check's status after rise and fall are applied.
	Status Status
	// Message is the check's short human message.
	Message string
	// Value is the observed value, when HasValue is set (1 or 0 for a flag).
	Value float64
	// HasValue reports whether Value is set.
	HasValue bool
	// Duration is how long the newest run of an active check took.
	Duration time.Duration
	// LastRun is when the newest run started (the newest beat of a
	// heartbeat); zero when none yet.
	LastRun time.Time
	// ConsecutiveFailures counts the failing runs since the last passing one.
	ConsecutiveFailures int
	// Since is when Status last changed (the first result counts as a
	// change); zero before the first result. For a flag, heartbeat or
	// reporter it is when a snapshot first showed the new status.
	Since time.Time
	// Flapping reports that the check's status changes too often to
	// mean anything (see Options.FlapHigh); false when history is off.
	Flapping bool
	// StateChange is the weighted percent state change over the check's
	// history that flap detection compares with its thresholds.
	StateChange float64

	kind       entryKind
	everPassed bool
	runs       []run // the history, oldest first; see History
}

// IsFlag reports whether the state is that of a Flag (shown as a top-level
// boolean of /health).
func (c *CheckState) IsFlag() bool { return c.kind == kindFlag }

// Snapshot is an immutable view of every check at one moment, with the bodies
// of the endpoints already rendered (those clients have asked for, see
// Health.body), so that a probe only loads a pointer and writes bytes. Get
// the newest with Health.Snapshot.
type Snapshot struct {
	seq      uint64
	at       time.Time
	uptime   time.Duration
	phase    Phase
	lastBeat time.Time
	checks   []CheckState
	all      Status
	live     Status
	ready    Status
	opts     *Options
	maint    Maintenance
	names    *nameIndex // the checks by name, for ?exclude=

	bodies     [numBodies][]byte // pre-rendered, by bodyID (nil when not wanted)
	lbh        [2][]Header       // load-balancer headers: plain, health+json
	statusPage [2][]byte         // /status HTML: plain, with details (nil when off)
	statusAt   time.Time         // when statusPage was rendered
}

// Time returns when the snapshot was rendered.
func (s *Snapshot) Time() time.Time { return s.at }

// Phase returns the lifecycle phase.
func (s *Snapshot) Phase() Phase { return s.phase }

// Starting reports whether the service is still starting.
func (s *Snapshot) Starting() bool { return s.phase == PhaseStarting }

// Status returns the aggregate status of every check (what /health and
// /healthz answer): the worst status of the critical checks, and warn for
// failing non-critical ones. With no checks it is pass.
func (s *Snapshot) Status() Status { return s.all }

// Live reports whether /livez answers 200.
func (s *Snapshot) Live() bool { return passing(s.live) }

// Ready reports whether /readyz answers 200: running (not starting, not
// draining), not in maintenance, and every critical readiness check passing
// or warning.
func (s *Snapshot) Ready() bool { return s.phase == PhaseRunning && !s.maint.On && passing(s.ready) }

// Healthy reports whether /health answers 200: not starting, not in
// maintenance, and Status is pass or warn.
func (s *Snapshot) Healthy() bool { return s.phase != PhaseStarting && !s.maint.On && passing(s.all) }

// Uptime returns the time since New.
func (s *Snapshot) Uptime() time.Duration { return s.uptime }

// Checks returns the state of every check in registration order. The slice
// belongs to the snapshot and must not be modified.
func (s *Snapshot) Checks() []CheckState { return s.checks }

// HealthJSON returns the /health body (the bot server's JSON document,
// without details). It belongs to the snapshot and must not be modified.
func (s *Snapshot) HealthJSON() []byte { return s.bodies[bodyHealth] }

// passing reports whether s maps to HTTP 200.
func passing(s Status) bool { return s == StatusPass || s == StatusWarn }

// severity orders statuses for aggregation: fail is worst, then unknown.
func severity(s Status) int {
	switch s {
	case StatusPass:
		return 0
	case StatusWarn:
		return 1
	case StatusUnknown:
		return 2
	}
	return 3
}

// aggregate returns the status of the checks in any of groups g, leaving out
// those ex excludes (none when nil): the worst critical status, warn for a
// non-critical check that does not pass.
func aggregate(checks []CheckState, g Groups, ex *excludeSet) Status {
	agg := StatusPass
	for i := range checks {
		c := &checks[i]
		if c.Groups&g == 0 || ex.has(i, c.Name) {
			continue
		}
		st := c.Status
		if !c.Critical && st != StatusPass {
			st = StatusWarn
		}
		if severity(st) > severity(agg) {
			agg = st
		}
	}
	return agg
}

// allGroups selects every check that counts for any probe.
const allGroups = GroupLive | GroupReady | GroupStartup

// stateOf fills cs with the current state of e. h.mu is held.
func (h *Health) stateOf(e *entry, now time.Time, cs *CheckState) {
	groups := e.kind.state(h, e, now, cs)
	cs.Name, cs.Groups, cs.Critical = e.name, groups, e.critical
}

// Publish renders and publishes the updates made so far by Flag.Set,
// Reporter.Set, Heartbeat.Beat and finished check runs, when there are any,
// so that a probe answered after it returns sees them: read-your-writes.
// Without it an update is published by the scheduler's goroutine shortly
// after (on a cooperative scheduler such as TinyGo's, once the caller
// yields). It renders once, as the scheduler would have, whose own render
// is then skipped; unlike the updates themselves, it allocates (the new
// snapshot).
func (h *Health) Publish() { h.publishFrom(true) }

// publish renders a new snapshot, stores it, and hands it to subscribers
// (only when no newer one has been handed to them already).
func (h *Health) publish() { h.publishFrom(false) }

// publishFrom is publish; with pending, only when an update is still
// unpublished once the render lock is held (a render in progress elsewhere
// may be publishing it: taking the lock waits for that one to be stored).
func (h *Health) publishFrom(pending bool) {
	h.renderMu.Lock()
	if pending && !h.dirty.Load() {
		h.renderMu.Unlock()
		return
	}
	h.dirty.Store(false) // an update made during the render marks it again
	s := h.render()
	h.snap.Store(s)
	h.mu.Lock()
	subs := h.subs
	h.mu.Unlock()
	h.renderMu.Unlock()
	if len(subs) == 0 {
		return
	}
	for {
		d := h.delivered.Load()
		if d >= s.seq {
			return
		}
		if h.delivered.CompareAndSwap(d, s.seq) {
			break
		}
	}
	for _, fn := range subs {
		fn(s)
	}
}

// render builds a snapshot of the current state. h.renderMu is held.
func (h *Health) render() *Snapshot {
	now := h.clock.Now()
	h.seq++
	h.mu.Lock()
	states := make([]CheckState, len(h.entries))
	for i, e := range h.entries {
		h.stateOf(e, now, &states[i])
		e.m.set(&states[i])
	}
	h.copyRuns(states)
	h.advance(states)
	phase := h.phase
	maint := h.maint
	h.mu.Unlock()
	h.own.setMaintenance(maint.On)

	s := &Snapshot{
		seq:    h.seq,
		at:     now,
		uptime: now.Sub(h.started),
		phase:  phase,
		checks: states,
		all:    aggregate(states, allGroups, nil),
		live:   aggregate(states, GroupLive, nil),
		ready:  aggregate(states, GroupReady, nil),
		opts:   &h.opts,
		maint:  maint,
	}
	if prev := h.snap.Load(); prev != nil && len(prev.checks) == len(states) {
		s.names = prev.names
	} else {
		s.names = newNameIndex(states)
	}
	for i := range states {
		if states[i].kind == kindHeartbeat && states[i].LastRun.After(s.lastBeat) {
			s.lastBeat = states[i].LastRun
		}
	}
	h.renderBodies(s, h.wanted.Load()|1<<bodyHealth)
	s.lbh = s.lbHeaders()
	s.statusPage, s.statusAt = h.statusPage(s)
	return s
}
