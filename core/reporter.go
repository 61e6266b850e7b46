package core

import (
	"sync"
	"time"
)

// Reporter is a passive set-status check: the process reports pass, warn or
// fail with a message whenever its own view of a component changes (a
// connection lost, a queue backing up). It is unknown until the first Set.
type Reporter struct {
	h *Health
	reporterState
}

// reporterState is a reporter's kind of check: what was last reported, and
// its runs.
type reporterState struct {
	passiveRuns
	mu     sync.Mutex // guards status, msg and passed
	status Status
	msg    string
	passed bool // pass or warn was reported at least once
}

// Reporter registers a set-status check counting for groups (GroupReady
// when 0).
func (h *Health) Reporter(name string, groups Groups) (*Reporter, error) {
	if groups == 0 {
		groups = GroupReady
	}
	if groups&^(GroupLive|GroupReady|GroupStartup) != 0 {
		if err := validName("reporter", name); err != nil {
			return nil, err
		}
		return nil, checkError(name, "unknown groups "+itoa(int(groups))+"; use GroupLive, GroupReady and GroupStartup")
	}
	r := &Reporter{h: h, reporterState: reporterState{passiveRuns: newPassiveRuns(h), msg: "no status reported yet"}}
	if err := h.add("reporter", &entry{name: name, groups: groups, critical: true, kind: checkKind{r.reporterState.state, r.reporterState.runs}}); err != nil {
		return nil, err
	}
	return r, nil
}

// Set reports a status and a short message (cut to MaxMessage bytes). It
// does not allocate unless the message must be cut, and does nothing when
// neither changed; a change is published by the scheduler's
// goroutine (at once, in the caller, before Start; call Health.Publish
// after it for a probe to see the change at once). A status other than the
// four defined ones is reported as unknown. Every call is one run of the
// reporter's history, a change or not.
func (r *Reporter) Set(s Status, msg string) {
	if s > StatusFail {
		s = StatusUnknown
	}
	r.mu.Lock()
	r.passiveRuns.add(r.h, r.h.clock.Now(), s)
	if r.status == s && sameCapped(r.msg, msg) {
		r.mu.Unlock()
		return
	}
	r.status, r.msg = s, capMessage(msg)
	if s == StatusPass || s == StatusWarn {
		r.passed = true
	}
	r.mu.Unlock()
	r.h.changed()
}

// state reports the last status set.
func (r *reporterState) state(h *Health, e *entry, now time.Time, cs *CheckState) Groups {
	cs.kind = kindReporter
	r.mu.Lock()
	cs.Status, cs.Message, cs.everPassed = r.status, r.msg, r.passed
	r.mu.Unlock()
	r.observe(e, now, cs)
	return e.groups
}
