package core

import (
	"sync/atomic"
	"time"
)

// Flag is a passive boolean check that the process sets itself, such as the
// bot server's bot_ready. Every flag is shown as a top-level boolean field of
// /health; a false flag fails readiness unless it is informational, so load
// balancers wait until the process says it is ready.
type Flag struct {
	h *Health
	flagState
}

// flagState is a flag's kind of check: its value and runs.
type flagState struct {
	passiveRuns
	informational bool
	v             atomic.Bool
}

// FlagOption changes how a flag counts; see Health.Flag.
type FlagOption uint8

// Informational makes a flag shown in /health but counted by no probe: it
// passes whether true or false.
const Informational FlagOption = 1

// Flag registers a flag with its initial value: h.Flag("bot_ready", false)
// blocks readiness until Set(true); h.Flag("warmed_up", false,
// core.Informational) is shown but never affects any probe.
func (h *Health) Flag(name string, value bool, opts ...FlagOption) (*Flag, error) {
	informational := false
	for _, o := range opts {
		informational = informational || o&Informational != 0
	}
	for _, r := range reserved {
		if name == r {
			return nil, checkError(name, "flag name is a reserved field of /health; choose another name")
		}
	}
	f := &Flag{h: h, flagState: flagState{passiveRuns: newPassiveRuns(h), informational: informational}}
	f.v.Store(value)
	e := &entry{name: name, groups: GroupReady, critical: true, kind: checkKind{f.flagState.state, f.flagState.runs}}
	if informational {
		e.groups = 0
	}
	if err := h.add("flag", e); err != nil {
		return nil, err
	}
	return f, nil
}

// Set changes the flag. It does not allocate; a change is published by the
// scheduler's goroutine (at once, in the caller, before Start). Call
// Health.Publish after it for a probe to see the change at once. Every call
// is one run of the flag's history, a change or not.
func (f *Flag) Set(v bool) {
	f.passiveRuns.add(f.h, f.h.clock.Now(), f.status(v))
	if f.v.Swap(v) != v {
		f.h.changed()
	}
}

// Value returns the flag's current value.
func (f *Flag) Value() bool { return f.v.Load() }

// status is the flag's status with value v: pass while true; fail while
// false, unless informational.
func (f *flagState) status(v bool) Status {
	if v || f.informational {
		return StatusPass
	}
	return StatusFail
}

// state reports the flag as a check: pass while true; fail while false
// (pass when informational).
func (f *flagState) state(h *Health, e *entry, now time.Time, cs *CheckState) Groups {
	cs.kind, cs.HasValue = kindFlag, true
	v := f.v.Load()
	cs.Status = f.status(v)
	if v {
		cs.Value, cs.Message = 1, e.name+" is true"
	} else {
		cs.Value, cs.Message = 0, e.name+" is false"
	}
	cs.everPassed = passing(cs.Status)
	f.observe(e, now, cs)
	return e.groups
}

// changed publishes an update made by a flag, heartbeat or reporter: by a
// wake-up of the scheduler's render goroutine when it runs, so that the
// caller never allocates, or at once otherwise.
func (h *Health) changed() {
	h.dirty.Store(true)
	if h.live.Load() {
		select {
		case h.notify <- struct{}{}:
		default: // a render is already pending; it will see this change
		}
		return
	}
	h.publish()
}
