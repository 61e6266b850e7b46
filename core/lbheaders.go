package core

// LBHeaders names the response headers of a load balancer's health
// checking that the health endpoints send.
type LBHeaders uint8

const (
	// LBHeadersNone sends no load-balancer headers. It is the default.
	LBHeadersNone LBHeaders = iota
	// LBHeadersEnvoy sends Envoy's: "x-envoy-degraded" while degraded (Envoy
	// then prefers other hosts) and "x-envoy-immediate-health-check-fail"
	// while draining or in maintenance (Envoy ejects the host at once,
	// without waiting for its unhealthy threshold).
	LBHeadersEnvoy
)

// The Envoy header sets, shared by every response; transports must not
// modify them. Envoy reads only the presence of these headers.
var (
	headersEnvoyDegraded         = []Header{{Key: "x-envoy-degraded", Value: "true"}}
	headersEnvoyDegradedPlus     = []Header{headersHealthPlus[0], headersEnvoyDegraded[0]}
	headersEnvoyFailImmediately  = []Header{{Key: "x-envoy-immediate-health-check-fail", Value: "true"}}
	headersEnvoyFailImmediatelyP = []Header{headersHealthPlus[0], headersEnvoyFailImmediately[0]}
)

// lbHeaders returns the extra headers of a health endpoint's answer in the
// snapshot's state: index 0 for the plain answers, 1 for health+json (which
// also carries Cache-Control).
func (s *Snapshot) lbHeaders() [2][]Header {
	if s.opts.LBHeaders == LBHeadersEnvoy {
		switch s.State() {
		case StateDegraded:
			return [2][]Header{headersEnvoyDegraded, headersEnvoyDegradedPlus}
		case StateDraining, StateMaintenance:
			return [2][]Header{headersEnvoyFailImmediately, headersEnvoyFailImmediatelyP}
		}
	}
	return [2][]Header{nil, headersHealthPlus}
}

// lbDefaults returns Options.DrainingCode and AgentDegradedWeight with their
// defaults applied, and panics on a value no client understands (a
// programmer's mistake, reported once by New).
func lbDefaults(opts Options) (drainingCode, degradedWeight int) {
	drainingCode, degradedWeight = opts.DrainingCode, opts.AgentDegradedWeight
	if drainingCode == 0 {
		drainingCode = opts.FailingCode
	}
	if drainingCode < 100 || drainingCode > 599 || drainingCode == 405 {
		panic("BUG: healthlite: Options.DrainingCode " + itoa(drainingCode) + " is not a usable HTTP status (want 100-599, not 405)")
	}
	if degradedWeight == 0 {
		degradedWeight = 50
	}
	if degradedWeight < 1 || degradedWeight > 100 {
		panic("BUG: healthlite: Options.AgentDegradedWeight " + itoa(degradedWeight) + " is not a percentage from 1 to 100")
	}
	return drainingCode, degradedWeight
}
