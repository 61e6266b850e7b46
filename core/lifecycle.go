package core

// Phase is where a Health is in its life: starting, running or draining.
// Readiness is false unless running.
type Phase uint8

const (
	// PhaseStarting lasts from New until Start has been called and every
	// check in GroupStartup has passed once.
	PhaseStarting Phase = iota
	// PhaseRunning is normal operation.
	PhaseRunning
	// PhaseDraining begins with Shutdown: readiness turns false so that
	// load balancers stop sending traffic, while liveness is unchanged.
	PhaseDraining
)

// String returns "starting", "running" or "draining".
func (p Phase) String() string {
	switch p {
	case PhaseRunning:
		return "running"
	case PhaseDraining:
		return "draining"
	}
	return "starting"
}

// Shutdown begins draining: from its return on, the published snapshot
// answers not ready, while liveness stays as the checks say. Checks keep
// running until Stop.
func (h *Health) Shutdown() {
	h.mu.Lock()
	h.phase = PhaseDraining
	h.mu.Unlock()
	h.publish()
}

// advance moves the phase from starting to running once the scheduler runs
// and every startup check in states has passed once. h.mu is held.
func (h *Health) advance(states []CheckState) {
	if h.phase != PhaseStarting || !h.running {
		return
	}
	for i := range states {
		if states[i].Groups&GroupStartup != 0 && !states[i].everPassed {
			return
		}
	}
	h.phase = PhaseRunning
}
