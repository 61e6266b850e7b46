package main

import (
	"context"

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
