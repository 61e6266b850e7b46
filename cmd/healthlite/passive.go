package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/healthlite/healthlite/core"
)

// flagSpec is one --flag NAME[=true|false][,informational]: a boolean the
// watched process sets through the push API, shown in /health (bot_ready).
// It starts false, so the service is not ready until the process says so.
type flagSpec struct {
	name          string
	value         bool
	informational bool // a false value does not fail readiness
}

func parseFlagSpec(s string) (flagSpec, error) {
	head, opt, hasOpt := strings.Cut(s, ",")
	name, val, hasVal := strings.Cut(head, "=")
	if err := validName(name); err != nil {
		return flagSpec{}, err
	}
	f := flagSpec{name: name}
	if hasVal {
		b, ok := parseBool(val)
		if !ok {
			return flagSpec{}, fmt.Errorf("initial value %q: want true or false", val)
		}
		f.value = b
	}
	if hasOpt {
		if opt != "informational" {
			return flagSpec{}, fmt.Errorf("unknown option %q (want informational)", opt)
		}
		f.informational = true
	}
	return f, nil
}

// heartbeatSpec is one --heartbeat NAME[,ttl=30s]: a check that fails when
// the watched process has not sent POST /heartbeat/NAME within the TTL.
type heartbeatSpec struct {
	name string
	ttl  time.Duration
}

// defaultHeartbeatTTL applies when --heartbeat gives no ttl.
const defaultHeartbeatTTL = 30 * time.Second

func parseHeartbeatSpec(s string) (heartbeatSpec, error) {
	name, opts, _ := strings.Cut(s, ",")
	if err := validName(name); err != nil {
		return heartbeatSpec{}, err
	}
	hb := heartbeatSpec{name: name, ttl: defaultHeartbeatTTL}
	if opts == "" {
		return hb, nil
	}
	key, val, _ := strings.Cut(opts, "=")
	if key != "ttl" {
		return heartbeatSpec{}, fmt.Errorf("unknown option %q (want ttl=DURATION)", opts)
	}
	d, err := positiveDuration(key, val)
	if err != nil {
		return heartbeatSpec{}, optionError(key, val, err)
	}
	hb.ttl = d
	return hb, nil
}

// statusSpec is one --status NAME[,groups=live+ready]: a check whose status
// and message the watched process sets with POST /status/NAME.
type statusSpec struct {
	name   string
	groups core.Groups
}

func parseStatusSpec(s string) (statusSpec, error) {
	name, opts, _ := strings.Cut(s, ",")
	if err := validName(name); err != nil {
		return statusSpec{}, err
	}
	st := statusSpec{name: name}
	if opts == "" {
		return st, nil
	}
	key, val, _ := strings.Cut(opts, "=")
	if key != "groups" {
		return statusSpec{}, fmt.Errorf("unknown option %q (want groups=live+ready)", opts)
	}
	g, err := parseGroups(val)
	if err != nil {
		return statusSpec{}, optionError(key, val, err)
	}
	st.groups = g
	return st, nil
}
