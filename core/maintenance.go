package core

import "time"

// Maintenance is the operator's switch that takes a service out of rotation
// (Consul's maint, HAProxy's MAINT, Envoy's /healthcheck/fail) whatever its
// checks say. While it is on, /readyz fails with a "[-]maintenance: REASON"
// line and Options.DrainingCode, /health says "maintenance", the
// agent-check answers "maint", and healthlite_maintenance is 1; liveness is
// unaffected, so nothing restarts the process.
type Maintenance struct {
	// On reports whether maintenance mode is on.
	On bool
	// Reason is the operator's note, shown in /readyz (to clients that may
	// see details) and the agent-check; empty when none was given.
	Reason string
	// Since is when maintenance was turned on; zero when off.
	Since time.Time
}

// maintDefaultReason stands for an empty Maintenance.Reason in outputs.
const maintDefaultReason = "maintenance mode is on"

// reason returns the reason to show: Reason, or a default when empty.
func (m *Maintenance) reason() string {
	if m.Reason == "" {
		return maintDefaultReason
	}
	return m.Reason
}

// SetMaintenance turns maintenance mode on or off and publishes the change
// at once. A reason longer than MaxMessage is cut; Since, when zero, is set
// to the current time (when turning on) and cleared when turning off.
// Turning on again while on replaces the reason and keeps Since unless m
// gives one. It returns the state now in force.
func (h *Health) SetMaintenance(m Maintenance) Maintenance {
	h.mu.Lock()
	if !m.On {
		m = Maintenance{}
	} else {
		m.Reason = capMessage(m.Reason)
		if m.Since.IsZero() {
			m.Since = h.maint.Since
			if !h.maint.On {
				m.Since = h.clock.Now()
			}
		}
	}
	h.maint = m
	h.mu.Unlock()
	h.publish()
	return m
}

// Maintenance returns the maintenance state in force.
func (h *Health) Maintenance() Maintenance {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.maint
}

// Maintenance returns the maintenance state of the snapshot.
func (s *Snapshot) Maintenance() Maintenance { return s.maint }
