package core

// State is the service's state as a load balancer sees it, from the
// snapshot: one word for the agent-check, the Envoy headers and the status
// code of /readyz. The states, in order of precedence: maintenance (the
// operator's switch), draining (Shutdown until exit), failing (starting, or
// a critical readiness check failing), degraded (warn, or a non-critical
// readiness check failing), healthy.
type State uint8

const (
	// StateHealthy means ready, every readiness check passing.
	StateHealthy State = iota
	// StateDegraded means ready, with a warning or a failing non-critical
	// readiness check: a load balancer should send less traffic.
	StateDegraded
	// StateFailing means not ready: starting, or a critical readiness check
	// failing or unknown.
	StateFailing
	// StateDraining means Shutdown has begun: the process is going away.
	StateDraining
	// StateMaintenance means the operator took the service out of rotation
	// (Health.SetMaintenance).
	StateMaintenance
)

// String returns "healthy", "degraded", "failing", "draining" or
// "maintenance".
func (st State) String() string {
	switch st {
	case StateHealthy:
		return "healthy"
	case StateDegraded:
		return "degraded"
	case StateFailing:
		return "failing"
	case StateDraining:
		return "draining"
	}
	return "maintenance"
}

// State returns the service's state for load balancers (see State).
func (s *Snapshot) State() State {
	switch {
	case s.maint.On:
		return StateMaintenance
	case s.phase == PhaseDraining:
		return StateDraining
	case s.phase == PhaseStarting || !passing(s.ready):
		return StateFailing
	case s.ready == StatusWarn:
		return StateDegraded
	}
	return StateHealthy
}

// outOfRotation reports whether the service is draining or in maintenance:
// when /readyz answers Options.DrainingCode.
func (s *Snapshot) outOfRotation() bool {
	return s.maint.On || s.phase == PhaseDraining
}
