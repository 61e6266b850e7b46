package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
	"github.com/healthlite/healthlite/wasm"
)

// pushTargets are the passive checks the push API may update, by name.
type pushTargets struct {
	flags      map[string]*core.Flag
	heartbeats map[string]*core.Heartbeat
	firstBeats map[string]*firstBeat // logs each heartbeat's first beat
	statuses   map[string]*core.Reporter
	maint      *maintSwitch // POST and DELETE /maintenance
}

// register adds every configured check to h. It reads and prechecks wasm
// modules, so a missing, malformed or oversized module is reported here,
// before serving starts, and compiles them in the background (until ctx is
// done): such a check reports unknown "loading" meanwhile. The returned
// closers release what the checks hold (wasm runtimes). Gauges
// that wasm checks set are exported through reg, the registry of /metrics.
func register(ctx context.Context, h *core.Health, reg *metrics.Registry, cfg *serveConfig, log *slog.Logger) (*pushTargets, []func(context.Context) error, error) {
	var closers []func(context.Context) error
	for _, sp := range cfg.checks {
		c := sp.cfg
		switch sp.kind {
		case "http":
			c.Check = checks.HTTP(sp.target, checks.HTTPOptions{Expect: sp.expect, Contains: sp.contains, Method: sp.web.method, Header: sp.web.header, TLS: sp.web.tlsConfig()})
		case "tcp":
			c.Check = checks.TCP(sp.target)
		case "grpc":
			c.Check = checks.GRPC(sp.target, sp.service)
		case "cert":
			cc, err := certCheck(reg, c.Name, sp)
			if err != nil {
				return nil, closers, fmt.Errorf("--check %s: %w", c.Name, err)
			}
			c.Check = cc
		case "file":
			c.Check = checks.File(sp.target, sp.ttl)
		case "exec":
			c.Check = checks.ExecWith(sp.argv, checks.ExecOptions{Perfdata: newPerfdataGauges(reg, c.Name, log).set})
		case "wasm":
			opts := wasm.Options{
				Name:    c.Name,
				Timeout: c.Timeout,
				Config:  sp.config,
				Allow:   sp.allow,
				Args:    sp.args,
				Logger:  log,
				Metrics: reg,

				MaxFunctions:    sp.caps.functions,
				MaxCodeSize:     sp.caps.code,
				MaxFunctionSize: sp.caps.functionSize,
			}
			module, err := wasm.ReadFile(sp.target, opts)
			if err == nil {
				err = wasm.Precheck(module, opts)
			}
			if err != nil {
				return nil, closers, fmt.Errorf("--check %s: %w", c.Name, err)
			}
			lc := startLoading(ctx, module, opts, log)
			closers = append(closers, lc.Close)
			c.Check = lc
		case "disk", "memory", "load", "dns", "process":
			c.Check = sp.boxChecker(newPerfdataGauges(reg, c.Name, log).set)
		}
		if sp.kind == "http" || sp.kind == "exec" || sp.kind == "disk" || sp.kind == "memory" || sp.kind == "load" || sp.kind == "dns" {
			vc, err := exportValue(reg, c.Name, c.Check)
			if err != nil {
				return nil, closers, fmt.Errorf("--check %s: %w", c.Name, err)
			}
			c.Check = vc
		}
		if err := h.Register(c); err != nil {
			return nil, closers, fmt.Errorf("--check %s: %w", c.Name, err)
		}
	}
	t := &pushTargets{
		flags:      map[string]*core.Flag{},
		heartbeats: map[string]*core.Heartbeat{},
		firstBeats: map[string]*firstBeat{},
		statuses:   map[string]*core.Reporter{},
	}
	for _, f := range cfg.flags {
		fl, err := h.Flag(f.name, f.value, flagOptions(f.informational)...)
		if err != nil {
			return nil, closers, fmt.Errorf("--flag %s: %w", f.name, err)
		}
		t.flags[f.name] = fl
	}
	for _, hb := range cfg.heartbeats {
		b, err := h.Heartbeat(hb.name, hb.ttl)
		if err != nil {
			return nil, closers, fmt.Errorf("--heartbeat %s: %w", hb.name, err)
		}
		t.heartbeats[hb.name] = b
		t.firstBeats[hb.name] = &firstBeat{}
	}
	for _, st := range cfg.statuses {
		r, err := h.Reporter(st.name, st.groups)
		if err != nil {
			return nil, closers, fmt.Errorf("--status %s: %w", st.name, err)
		}
		t.statuses[st.name] = r
	}
	return t, closers, nil
}

// flagOptions are the core.FlagOptions of a --flag.
func flagOptions(informational bool) []core.FlagOption {
	if informational {
		return []core.FlagOption{core.Informational}
	}
	return nil
}
