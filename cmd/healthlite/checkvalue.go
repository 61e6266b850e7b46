package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
)

// valueFamily exports the number a check reports with its result (Result.Value):
// the latency in seconds of an http check, the first perfdata value of an
// exec check (a Nagios plugin's "| used=85%;80;90" gives 85).
const valueFamily = "healthlite_check_value"

// exportValue wraps c so that each run's Value, when the check reports one,
// is set on the gauge healthlite_check_value{check="NAME"} of reg.
func exportValue(reg *metrics.Registry, name string, c core.Checker) (core.Checker, error) {
	g, err := reg.NewGauge(valueFamily, "The number the check reported with its last result: latency in seconds (http), first perfdata value (exec).", "check", name)
	if err != nil {
		return nil, err
	}
	return &valueCheck{c: c, g: g}, nil
}

type valueCheck struct {
	c core.Checker
	g *metrics.Gauge
}

func (v *valueCheck) Check(ctx context.Context, r *core.Result) {
	v.c.Check(ctx, r)
	if r.HasValue {
		v.g.Set(r.Value)
	}
}

// perfdataFamily exports every numeric perfdata item of an exec check as
// healthlite_check_perfdata{check="NAME",label="LABEL"}: a Nagios plugin's
// "| used=85%;80;90 inodes=1200" gives two gauges, 85 and 1200. The label
// comes from the plugin's output, so the series are detail series: shown
// only to clients --details allows.
const perfdataFamily = "healthlite_check_perfdata"

// maxPerfdataLabels bounds the series one exec check can create, so a plugin
// that prints a new label every run cannot grow /metrics without end.
const maxPerfdataLabels = 32

// perfdataGauges creates the gauges of one exec check as their labels first
// appear (off the probe path, on the scheduler's goroutine) and sets them.
type perfdataGauges struct {
	reg    *metrics.Registry
	check  string
	log    *slog.Logger
	mu     sync.Mutex
	gauges map[string]*metrics.Gauge
}

func newPerfdataGauges(reg *metrics.Registry, check string, log *slog.Logger) *perfdataGauges {
	return &perfdataGauges{reg: reg, check: check, log: log, gauges: map[string]*metrics.Gauge{}}
}

// set is the checks.ExecOptions.Perfdata callback.
func (p *perfdataGauges) set(label string, value float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.gauges[label]
	if !ok {
		if len(p.gauges) >= maxPerfdataLabels {
			return
		}
		var err error
		g, err = p.reg.NewDetailGauge(perfdataFamily, "Each numeric perfdata item of an exec check's last run, in the plugin's unit.", "check", p.check, "label", label)
		if err != nil {
			p.log.Warn("Perfdata item not exported", "check", p.check, "label", label, "error", err)
			g = nil // remembered, so the warning is logged once
		}
		p.gauges[label] = g
		if len(p.gauges) == maxPerfdataLabels {
			p.log.Warn("Perfdata labels capped; further labels are not exported", "check", p.check, "max", maxPerfdataLabels)
		}
	}
	if g != nil {
		g.Set(value)
	}
}
