package core

import (
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

// probeEndpoints are the endpoint labels of healthlite_probe_requests_total,
// indexed by endpoint; custom endpoints count as "custom", unknown paths as
// "other".
var probeEndpoints = [...]string{
	epNone:        "other",
	epHealth:      "/health",
	epHealthz:     "/healthz",
	epLivez:       "/livez",
	epReadyz:      "/readyz",
	epLivezCheck:  "/livez/{check}",
	epReadyzCheck: "/readyz/{check}",
	epMetrics:     "/metrics",
	epStatus:      "/status",
	epCustom:      "custom",
}

// probeCodes are the code labels of healthlite_probe_requests_total: the
// passing, failing and draining codes of Options (200, 503 and 503 by
// default), then 200 (/metrics), 404 and 405. A code that repeats an earlier
// one is counted there.
type probeCodes [6]int

// drainingCodeIndex is the index of Options.DrainingCode in probeCodes.
const drainingCodeIndex = 2

// durationBuckets are the upper bounds of healthlite_check_duration_seconds:
// from a millisecond to the longest sensible timeout.
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// OwnMetrics selects healthlite's own series in the metrics registry. Each
// series costs memory for its pre-rendered name and labels (see the README's
// embedded figures), which matters on a microcontroller and not elsewhere.
type OwnMetrics uint8

const (
	// OwnMetricsAll registers every series: uptime, build info and process
	// start time; probe requests by endpoint and code; and per check its
	// up, status and consecutive-failure gauges and, for active checks, a
	// duration histogram. The default.
	OwnMetricsAll OwnMetrics = iota
	// OwnMetricsChecks leaves out the probe request counters (27 series)
	// and the duration histograms (14 buckets per active check), the bulk
	// of the series: a Health keeps 5 KB instead of 13 KB on the Go
	// toolchain (TestSetupMemoryBudget).
	OwnMetricsChecks
	// OwnMetricsNone registers none: /metrics serves only the
	// application's series. For the smallest devices (examples/embedded).
	OwnMetricsNone
)

// ownMetrics are healthlite's metrics about itself, registered once per
// Health. Probe counters are pre-registered for every endpoint and code so
// that counting a probe is an index and an atomic add.
type ownMetrics struct {
	reg     *metrics.Registry
	codes   probeCodes
	probes  [len(probeEndpoints)][len(probeCodes{})]*metrics.Counter
	maint   *metrics.Gauge
	lean    bool // OwnMetricsChecks: no probe counters, no duration histograms
	history bool // Options.History keeps results: flap gauges
}

// checkMetrics are the series of one check.
type checkMetrics struct {
	up       *metrics.Gauge
	status   [4]*metrics.Gauge // one-hot, indexed by Status
	failures *metrics.Gauge
	duration *metrics.Histogram // active checks only
	flapping *metrics.Gauge     // with history only
	trans    *transitions
}

// newOwnMetrics registers the metrics of h in reg: uptime, build info,
// process start time and the probe counters.
func newOwnMetrics(h *Health, reg *metrics.Registry) (*ownMetrics, error) {
	m := &ownMetrics{reg: reg, codes: probeCodes{h.opts.PassingCode, h.opts.FailingCode, h.opts.DrainingCode, 200, 404, 405}, lean: h.opts.OwnMetrics == OwnMetricsChecks, history: h.opts.History > 0}
	started := h.started
	clock := h.clock
	if err := reg.NewGaugeFunc("healthlite_uptime_seconds", "Seconds since the health server started.",
		func() float64 { return clock.Now().Sub(started).Seconds() }); err != nil {
		return nil, err
	}
	goVersion := h.opts.GoVersion
	if goVersion == "" {
		goVersion = "unknown"
	}
	version := h.opts.Version
	if version == "" {
		version = "unknown"
	}
	info, err := reg.NewGauge("healthlite_build_info", "Build information; the value is always 1.",
		"version", version, "goversion", goVersion)
	if err != nil {
		return nil, err
	}
	info.Set(1)
	start, err := reg.NewGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
	if err != nil {
		return nil, err
	}
	start.Set(float64(started.UnixNano()) / float64(time.Second))
	for e, ep := range probeEndpoints {
		if m.lean {
			break
		}
		for c, code := range m.codes {
			drains := c == drainingCodeIndex && (endpoint(e) == epReadyz || endpoint(e) == epHealth)
			if !(possible(endpoint(e), code) || drains) || containsCode(m.codes[:c], code) {
				continue
			}
			m.probes[e][c], err = reg.NewCounter("healthlite_probe_requests_total", "Probe requests answered, by endpoint and HTTP status code.",
				"endpoint", ep, "code", itoa(code))
			if err != nil {
				return nil, err
			}
		}
	}
	if m.maint, err = reg.NewGauge("healthlite_maintenance", "1 while maintenance mode takes the service out of rotation, else 0."); err != nil {
		return nil, err
	}
	return m, nil
}

// setMaintenance sets healthlite_maintenance.
func (m *ownMetrics) setMaintenance(on bool) {
	if m == nil {
		return
	}
	v := 0.0
	if on {
		v = 1
	}
	m.maint.Set(v)
}

// containsCode reports whether codes holds code (the slices package
// is not on core's import list).
func containsCode(codes []int, code int) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

// possible reports whether ep can answer code, so that only series that
// can count are exported.
func possible(ep endpoint, code int) bool {
	switch ep {
	case epNone:
		return code == 404
	case epMetrics, epStatus:
		return code == 200 || code == 405 // /metrics and /status answer 200 whatever the health
	case epHealth, epHealthz, epLivez, epReadyz:
		return code != 404
	}
	return true
}

// count adds one probe of ep answered with code. It does not allocate.
func (m *ownMetrics) count(ep endpoint, code int) {
	if m == nil {
		return
	}
	for i, c := range m.codes {
		if c == code {
			if p := m.probes[ep][i]; p != nil {
				p.Inc()
			}
			return
		}
	}
}

// forCheck registers the series of the check named name.
func (m *ownMetrics) forCheck(name string, active bool) (*checkMetrics, error) {
	if m == nil {
		return nil, nil
	}
	cm := &checkMetrics{}
	var err error
	if cm.up, err = m.reg.NewGauge("healthlite_check_up", "1 when the check passes or warns, else 0.", "check", name); err != nil {
		return nil, err
	}
	for s := StatusUnknown; s <= StatusFail; s++ {
		if cm.status[s], err = m.reg.NewGauge("healthlite_check_status", "1 for the check's current status, 0 for the others.",
			"check", name, "status", s.String()); err != nil {
			return nil, err
		}
	}
	if cm.failures, err = m.reg.NewGauge("healthlite_check_consecutive_failures", "Failing runs of the check since it last passed.", "check", name); err != nil {
		return nil, err
	}
	cm.trans = &transitions{reg: m.reg, check: name}
	if m.history {
		if cm.flapping, err = m.reg.NewGauge("healthlite_check_flapping", "1 while the check flaps (its status changes too often), else 0.", "check", name); err != nil {
			return nil, err
		}
	}
	if active && !m.lean {
		if cm.duration, err = m.reg.NewHistogram("healthlite_check_duration_seconds", "Duration of the check's runs in seconds.",
			durationBuckets, "check", name); err != nil {
			return nil, err
		}
	}
	return cm, nil
}

// set updates the gauges of a check from its published state.
func (cm *checkMetrics) set(cs *CheckState) {
	if cm == nil {
		return
	}
	up := 0.0
	if passing(cs.Status) {
		up = 1
	}
	cm.up.Set(up)
	for s, g := range cm.status {
		v := 0.0
		if Status(s) == cs.Status {
			v = 1
		}
		g.Set(v)
	}
	cm.failures.Set(float64(cs.ConsecutiveFailures))
	if cm.flapping != nil {
		v := 0.0
		if cs.Flapping {
			v = 1
		}
		cm.flapping.Set(v)
	}
}

// observe records the duration of one run.
func (cm *checkMetrics) observe(took time.Duration) {
	if cm == nil || cm.duration == nil {
		return
	}
	cm.duration.Observe(took.Seconds())
}
