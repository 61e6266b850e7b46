package core

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The defaults of CheckConfig's zero fields.
const (
	DefaultInterval = 10 * time.Second
	DefaultTimeout  = 2 * time.Second
)

// CheckConfig registers an active check with Health.Register. Zero values
// mean the defaults, so CheckConfig{Name: "db", Check: c} is complete.
type CheckConfig struct {
	// Name identifies the check in every output and in /readyz/NAME. It must
	// be non-empty, unique, valid UTF-8, and free of spaces and control
	// characters.
	Name string
	// Check is run by the scheduler on its own goroutine. Required.
	Check Checker
	// Groups are the probes the check counts for. By default GroupReady.
	Groups Groups
	// Interval is the time between the starts of two runs. By default 10s.
	Interval time.Duration
	// Timeout is the deadline of one run; a run that overruns it is
	// reported as failed ("timeout after 2s"). Keep it shorter than
	// Interval: a run that timed out may otherwise still be ending when the
	// next is due, and the check then alternates between "timeout" and "the
	// previous run is still running" (the CLI refuses such a --check). A
	// longer one is allowed, for a check that should in effect never time
	// out. By default 2s, or half the interval when the interval is 2s or
	// shorter.
	Timeout time.Duration
	// InitialDelay is the time between Start and the first run. By default
	// 0: the first run starts at once.
	InitialDelay time.Duration
	// Rise is how many consecutive passing runs turn a failing check
	// passing. By default 1.
	Rise int
	// Fall is how many consecutive failing runs turn a passing check
	// failing. By default 1.
	Fall int
	// NonCritical makes a failing check degrade its groups to warn instead
	// of failing them. By default a check is critical.
	NonCritical bool
	// FastInterval replaces Interval while the check is changing state,
	// counting towards Rise or Fall (HAProxy's fastinter). By default
	// min(Interval, 1s).
	FastInterval time.Duration
	// DownInterval replaces Interval while the check fails (HAProxy's
	// downinter), so that a recovery is seen soon. By default
	// min(Interval, 1s).
	DownInterval time.Duration
}

// withDefaults returns cfg with its zero fields set to the defaults, or an
// error naming the first field that is wrong.
func (cfg CheckConfig) withDefaults() (CheckConfig, error) {
	if err := validName("check", cfg.Name); err != nil {
		return cfg, err
	}
	if cfg.Check == nil {
		return cfg, checkError(cfg.Name, "Check is nil; set it to a Checker or a CheckFunc")
	}
	if cfg.Groups == 0 {
		cfg.Groups = GroupReady
	}
	if cfg.Groups&^(GroupLive|GroupReady|GroupStartup) != 0 {
		return cfg, checkError(cfg.Name, "unknown groups "+strconv.Itoa(int(cfg.Groups))+"; use GroupLive, GroupReady and GroupStartup")
	}
	timeoutSet := cfg.Timeout != 0
	for _, d := range []struct {
		name string
		v    *time.Duration
		def  time.Duration
	}{{"interval", &cfg.Interval, DefaultInterval}, {"timeout", &cfg.Timeout, DefaultTimeout}, {"initial delay", &cfg.InitialDelay, 0}} {
		if *d.v < 0 {
			return cfg, checkError(cfg.Name, d.name+" "+d.v.String()+" is negative")
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if !timeoutSet && cfg.Timeout >= cfg.Interval {
		cfg.Timeout = cfg.Interval / 2
	}
	if err := cfg.stateIntervals(); err != nil {
		return cfg, err
	}
	for _, n := range []struct {
		name string
		v    *int
	}{{"rise", &cfg.Rise}, {"fall", &cfg.Fall}} {
		if *n.v < 0 {
			return cfg, checkError(cfg.Name, n.name+" "+strconv.Itoa(*n.v)+" is negative")
		}
		if *n.v == 0 {
			*n.v = 1
		}
	}
	return cfg, nil
}

// checkError builds the *CheckError "healthlite: check["name"]: msg".
func checkError(name, msg string) error {
	return &CheckError{Name: name, Reason: msg}
}

// reserved are the top-level fields of /health that a flag must not shadow.
var reserved = [...]string{"status", "uptime_seconds", "environment", "last_heartbeat", "checks", "service", "pid", "version", "phase", "details"}

// ValidName reports, with a *CheckError, why name cannot identify a check,
// flag, heartbeat or reporter: it must be non-empty, at most 128 bytes of
// valid UTF-8, without spaces or control characters. Every registration
// applies it, and so does the binary to the names of its flags.
func ValidName(name string) error { return validName("check", name) }

// validName is ValidName, for a name of kind what (for the error).
func validName(what, name string) error {
	if name == "" {
		return &CheckError{Reason: what + " name is empty"}
	}
	if len(name) > 128 {
		return checkError(name, "name is longer than 128 bytes")
	}
	if !utf8.ValidString(name) {
		return checkError(name, "name is not valid UTF-8")
	}
	for _, r := range name {
		if r <= ' ' || r == 0x7f || r == '\u2028' || r == '\u2029' || (r >= 0x80 && r < 0xa0) {
			return checkError(name, "name contains a space or control character")
		}
	}
	return nil
}
