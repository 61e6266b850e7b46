package core

import (
	"strconv"
	"unicode/utf8"
)

// MaxAgentReason is the longest reason of a "down ready #REASON" agent-check
// reply, in bytes; a longer one is cut on a rune boundary and ends with "…".
// HAProxy shows it in its logs and stats page, where one short line is what
// an operator reads.
const MaxAgentReason = 200

// AgentReply returns the HAProxy agent-check reply of the newest snapshot,
// one line ending in "\n" that always states the whole state:
//
//	up ready 100%            healthy
//	up ready 50%             degraded (Options.AgentDegradedWeight)
//	up drain                 draining (Shutdown until exit)
//	maint                    maintenance (SetMaintenance)
//	down ready #db: refused  failing: the failing readiness checks, with
//	                         their messages when the details policy shows
//	                         them to this client (local: on loopback), else
//	                         names only
//
// "ready" in the "down" reply clears an admin state an earlier reply set
// ("maint", "drain"): HAProxy keeps the admin state until told otherwise,
// so a plain "down" after "maint" would leave the server in MAINT.
//
// The reply is rendered with the snapshot once asked for: AgentReply
// allocates nothing after the first call (and, while the scheduler runs,
// its first re-render). It belongs to the snapshot and must not be
// modified.
func (h *Health) AgentReply(local bool) []byte {
	id := bodyAgent
	if h.opts.Details == DetailsAll || (h.opts.Details == DetailsLocal && local) {
		id++
	}
	b, _ := h.body(h.snap.Load(), id, nil)
	return b
}

// appendAgent appends the agent-check reply for the snapshot's state; the
// reason of "down" carries check messages only when details is set.
func (s *Snapshot) appendAgent(dst []byte, details bool) []byte {
	switch s.State() {
	case StateHealthy:
		return append(dst, "up ready 100%\n"...)
	case StateDegraded:
		dst = append(dst, "up ready "...)
		dst = strconv.AppendInt(dst, int64(s.opts.AgentDegradedWeight), 10)
		return append(dst, "%\n"...)
	case StateDraining:
		return append(dst, "up drain\n"...)
	case StateMaintenance:
		return append(dst, "maint\n"...)
	}
	dst = append(dst, "down ready #"...)
	start := len(dst)
	if s.phase == PhaseStarting {
		dst = append(dst, "starting"...)
	}
	for i := range s.checks {
		c := &s.checks[i]
		if c.Groups&GroupReady == 0 || !c.Critical || passing(c.Status) {
			continue
		}
		if len(dst) > start {
			dst = append(dst, "; "...)
		}
		dst = appendText(dst, c.Name)
		if details {
			msg := c.Message
			if msg == "" {
				msg = c.Status.String()
			}
			dst = append(dst, ": "...)
			dst = appendText(dst, msg)
		}
		if len(dst)-start > MaxAgentReason {
			break
		}
	}
	if len(dst) == start {
		dst = append(dst, "not ready"...)
	}
	if len(dst)-start > MaxAgentReason {
		n := start + MaxAgentReason - len(ellipsis)
		for !utf8.RuneStart(dst[n]) {
			n--
		}
		dst = append(dst[:n], ellipsis...)
	}
	return append(dst, '\n')
}
