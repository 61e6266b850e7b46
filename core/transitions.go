package core

import "github.com/healthlite/healthlite/core/metrics"

// transitions are the healthlite_check_transitions_total counters of one
// check, registered on first use: of the twelve from/to pairs a check
// usually takes two or three, and each series costs memory for its
// pre-rendered labels. Guarded by Health.mu.
type transitions struct {
	reg   *metrics.Registry
	check string
	c     [4][4]*metrics.Counter // by from, to
}

// transition counts a change of a check's status from one to another. It
// allocates only the first time a pair is seen.
func (cm *checkMetrics) transition(from, to Status) {
	if cm == nil || cm.trans == nil || from == to || from > StatusFail || to > StatusFail {
		return
	}
	t := cm.trans
	c := t.c[from][to]
	if c == nil {
		var err error
		c, err = t.reg.NewCounter("healthlite_check_transitions_total", "Changes of the check's status, by the status it left and the one it took.",
			"check", t.check, "from", from.String(), "to", to.String())
		if err != nil {
			return // the registry refuses the series (a conflicting one): count nothing
		}
		t.c[from][to] = c
	}
	c.Inc()
}
