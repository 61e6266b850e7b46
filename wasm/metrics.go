package wasm

import "github.com/healthlite/healthlite/core/metrics"

// Metric family names this package registers in Options.Metrics.
const (
	metricFamily    = "healthlite_wasm_metric"
	discardedFamily = "healthlite_wasm_instances_discarded_total"
)

// exporter publishes run metrics to a registry; nil when Options.Metrics is
// nil. It is guarded by Check.mu.
type exporter struct {
	reg       *metrics.Registry
	gauges    map[string]*metrics.Gauge // by metric name; nil value: could not register
	discarded *metrics.Counter
	warned    bool
}

func (c *Check) newExporter() {
	reg := c.opts.Metrics
	if reg == nil {
		return
	}
	e := &exporter{reg: reg, gauges: map[string]*metrics.Gauge{}}
	cnt, err := reg.NewCounter(discardedFamily, "WASM check instances discarded after a trap, timeout or host-call error.", "check", c.name)
	if err != nil {
		c.log.Warn("wasm: cannot register metric", "metric", discardedFamily, "err", err)
	}
	e.discarded = cnt
	c.exp = e
}

// export exports one metric value; name is interned, so it can be a map
// key. The guest chose the name, so the series is a detail series, shown
// only to clients the Details policy allows.
func (c *Check) export(name string, v float64) {
	e := c.exp
	if e == nil {
		return
	}
	g, ok := e.gauges[name]
	if !ok {
		if len(e.gauges) >= 4*MaxMetrics {
			if !e.warned {
				e.warned = true
				c.log.Warn("wasm: too many distinct metric names; new ones are not exported", "limit", 4*MaxMetrics, "metric", name)
			}
			return
		}
		var err error
		g, err = e.reg.NewDetailGauge(metricFamily, "Values set by WASM checks with set_metric or Nagios perfdata.", "check", c.name, "metric", name)
		if err != nil {
			c.log.Warn("wasm: cannot register metric", "metric", name, "err", err)
		}
		e.gauges[name] = g
	}
	if g != nil {
		g.Set(v)
	}
}

func (c *Check) countDiscard() {
	if c.exp != nil && c.exp.discarded != nil {
		c.exp.discarded.Inc()
	}
}
