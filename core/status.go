package core

// Status is the outcome of a check, and of a group of checks.
//
// The order matters: a larger Status is worse, except that StatusUnknown
// (no result yet) counts as failing when an aggregate is mapped to HTTP.
type Status uint8

// The four statuses, as in Nagios plugins and the IETF health+json draft.
const (
	// StatusUnknown means no result yet (a check that has not run) or a result
	// that could not be determined.
	StatusUnknown Status = iota
	// StatusPass means healthy.
	StatusPass
	// StatusWarn means working but degraded; it still answers 200.
	StatusWarn
	// StatusFail means unhealthy; it answers 503.
	StatusFail
)

// String returns "unknown", "pass", "warn" or "fail".
func (s Status) String() string {
	switch s {
	case StatusPass:
		return "pass"
	case StatusWarn:
		return "warn"
	case StatusFail:
		return "fail"
	}
	return "unknown"
}

// ParseStatus is the inverse of String. It reports false for any other word.
func ParseStatus(s string) (Status, bool) {
	switch s {
	case "pass":
		return StatusPass, true
	case "warn":
		return StatusWarn, true
	case "fail":
		return StatusFail, true
	case "unknown":
		return StatusUnknown, true
	}
	return StatusUnknown, false
}

// Groups is a set of probe groups a check belongs to; combine them with |.
type Groups uint8

// The probe groups, as Kubernetes knows them. /livez answers for GroupLive,
// /readyz for GroupReady; GroupStartup checks must all pass once before the
// service leaves the starting phase. /healthz and /health answer for all.
const (
	GroupLive Groups = 1 << iota
	GroupReady
	GroupStartup
)
