package core

import (
	"math"
	"sync/atomic"
	"time"
)

// Heartbeat is a passive check with a time to live, like Consul's TTL
// checks: the process calls Beat regularly, and the check fails once no beat
// came within the TTL. It counts for liveness and readiness, so a process
// whose main loop hangs is restarted. Until its first beat it fails
// readiness (the process has not said it runs) while liveness waits: it
// fails liveness too once the TTL, counted from registration, passes
// without a beat.
type Heartbeat struct {
	h *Health
	heartbeatState
}

// heartbeatState is a heartbeat's kind of check: its beats and runs.
type heartbeatState struct {
	passiveRuns
	ttl        time.Duration
	registered int64        // unix nanoseconds
	last       atomic.Int64 // unix nanoseconds of the newest beat; noBeat: none yet
	failing    atomic.Bool  // as last published
	expired    int64        // last when an expiry was recorded in runs; noExpiry: none; guarded by Health.mu
}

// noExpiry is Heartbeat.expired before any expiry was recorded.
const noExpiry = math.MaxInt64

// Heartbeat registers a heartbeat that fails when Beat is not called within
// ttl.
func (h *Health) Heartbeat(name string, ttl time.Duration) (*Heartbeat, error) {
	if ttl <= 0 {
		if err := validName("heartbeat", name); err != nil {
			return nil, err
		}
		return nil, checkError(name, "heartbeat ttl "+ttl.String()+" must be positive")
	}
	hb := &Heartbeat{h: h, heartbeatState: heartbeatState{passiveRuns: newPassiveRuns(h), ttl: ttl, registered: h.clock.Now().UnixNano(), expired: noExpiry}}
	hb.last.Store(noBeat)
	if err := h.add("heartbeat", &entry{name: name, groups: GroupLive | GroupReady, critical: true, kind: checkKind{hb.heartbeatState.state, hb.heartbeatState.runs}}); err != nil {
		return nil, err
	}
	return hb, nil
}

// noBeat is Heartbeat.last before the first beat.
const noBeat = math.MinInt64

// Beat records that the process is alive. It does not allocate; a failing
// heartbeat that recovers is published by the scheduler's goroutine. Every
// beat is one passing run of the heartbeat's history; an expiry is a failing
// one.
func (hb *Heartbeat) Beat() {
	now := hb.h.clock.Now()
	hb.passiveRuns.add(hb.h, now, StatusPass)
	hb.last.Store(now.UnixNano())
	if hb.failing.Load() {
		hb.h.changed()
	}
}

// state reports the heartbeat as a check at time now. While it waits for
// its first beat within its first TTL, it counts for readiness only.
func (hb *heartbeatState) state(h *Health, e *entry, now time.Time, cs *CheckState) Groups {
	cs.kind = kindHeartbeat
	groups := e.groups
	last := hb.last.Load()
	never := last == noBeat
	from := last
	if never {
		from = hb.registered
	} else {
		cs.LastRun = time.Unix(0, last)
	}
	age := now.Sub(time.Unix(0, from))
	if age < 0 {
		age = 0
	}
	ageText := age.Truncate(time.Millisecond).String()
	switch {
	case age > hb.ttl && never:
		cs.Status, cs.Message = StatusFail, "no heartbeat since registration "+ageText+" ago (ttl "+hb.ttl.String()+")"
	case age > hb.ttl:
		cs.Status, cs.Message = StatusFail, "last heartbeat "+ageText+" ago (ttl "+hb.ttl.String()+")"
	case never:
		cs.Status, cs.Message = StatusFail, "waiting for the first heartbeat (ttl "+hb.ttl.String()+")"
		groups &^= GroupLive // liveness waits for the first TTL
	default:
		cs.Status, cs.Message = StatusPass, "last heartbeat "+ageText+" ago"
	}
	hb.failing.Store(cs.Status == StatusFail)
	if age > hb.ttl && hb.expired != last {
		hb.expired = last
		hb.passiveRuns.add(h, now, StatusFail)
	}
	cs.everPassed = passing(cs.Status)
	hb.observe(e, now, cs)
	return groups
}
