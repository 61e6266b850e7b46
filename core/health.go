package core

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

// Details says who may see check messages, durations, the ?verbose
// variants of the endpoints and the metrics' detail series (labels taken
// from check output, see metrics.Registry.NewDetailGauge). Names and
// statuses are always shown.
type Details uint8

const (
	// DetailsLocal shows details only to clients on a loopback address or
	// a unix socket (Request.Local), and to those that proved who they are
	// (Request.Trusted). It is the default.
	DetailsLocal Details = iota
	// DetailsAll shows details to every client.
	DetailsAll
	// DetailsNone never shows details: for endpoints reachable from outside.
	DetailsNone
)

// allowed reports whether req may see details under the policy d.
func (d Details) allowed(req *Request) bool {
	switch d {
	case DetailsAll:
		return true
	case DetailsLocal:
		return req.Local || req.Trusted
	}
	return false
}

// Options configures a Health. The zero value is ready to use.
type Options struct {
	// Service is the service name shown in /health?verbose and used as the
	// serviceId of health+json. By default "healthlite".
	Service string
	// Environment is shown in /health (the bot server's ENVIRONMENT). By
	// default "development". core reads no environment variables; the
	// binary passes ENVIRONMENT here.
	Environment string
	// Version is the build version shown in /health?verbose and
	// health+json. By default empty (not shown).
	Version string
	// PID is the process id shown in /health?verbose, so that duplicate
	// instances can be told apart. By default 0 (not shown); core reads no
	// OS state, the binary passes os.Getpid().
	PID int
	// Details says who sees check messages and ?verbose. By default
	// DetailsLocal.
	Details Details
	// Clock is the source of time. By default SystemClock; tests pass a
	// coretest.ManualClock.
	Clock Clock
	// Metrics is the registry served at /metrics, where healthlite also
	// keeps its own metrics (per-check status, durations and failures,
	// probe requests, uptime, build info). By default a new registry.
	Metrics *metrics.Registry
	// OwnMetrics says which of healthlite's own series the registry gets.
	// By default OwnMetricsAll; small devices choose fewer (see
	// OwnMetricsChecks).
	OwnMetrics OwnMetrics
	// GoVersion is the goversion label of healthlite_build_info. By default
	// "unknown"; core does not import runtime, the binary passes
	// runtime.Version().
	GoVersion string
	// PassingCode is the HTTP status of a passing answer (pass or warn) on
	// /health, /healthz, /livez, /readyz and their per-check forms. By
	// default 200.
	PassingCode int
	// FailingCode is the HTTP status of a failing answer (fail, unknown,
	// starting, or draining for readiness). By default 503; some load
	// balancers want 500 or 429. Codes 404 and 405 are taken by the router
	// for unknown paths and methods.
	FailingCode int
	// DrainingCode is the HTTP status /readyz answers while draining or in
	// maintenance (and /health in maintenance): 404, for instance, lets
	// HAProxy's "http-check disable-on-404" drain the server softly instead
	// of marking it down. By default FailingCode.
	DrainingCode int
	// LBHeaders adds the response headers of a load balancer's health
	// checking to every health endpoint. By default LBHeadersNone.
	LBHeaders LBHeaders
	// AgentDegradedWeight is the weight, in percent, the HAProxy agent-check
	// reply asks for while degraded ("up ready 50%"), from 1 to 100. By
	// default 50.
	AgentDegradedWeight int
	// History is how many past results each check keeps for the verbose
	// outputs, the status page and flap detection, in a ring allocated at
	// registration (16 bytes a result). 0 means the default,
	// DefaultHistory (32), not off, as for every zero field of Options; a
	// negative value keeps none and turns flap detection off.
	//
	// A result of an active check is one run of its check function. One of
	// a passive check is one report of the process: every Flag.Set and
	// Reporter.Set, whether or not it changes anything, every
	// Heartbeat.Beat (a pass), and a heartbeat's expiry (a fail, recorded
	// by the first snapshot that finds its TTL passed); it has no duration.
	History int
	// FlapLow and FlapHigh are the flap detection thresholds in percent
	// state change (see CheckState.StateChange): a check starts flapping at
	// FlapHigh and stops below FlapLow. By default 20 and 30, as in Nagios.
	FlapLow, FlapHigh float64
	// NoStatusPage turns the /status HTML page off (404), and saves its
	// rendering (at most once a second) and its memory.
	NoStatusPage bool
}

// checkCode panics on a status code no HTTP client understands: a
// programmer's mistake in Options, reported once, by New.
func checkCode(field string, code int) {
	if code < 100 || code > 599 || code == 404 || code == 405 {
		panic("BUG: healthlite: Options." + field + " " + itoa(code) + " is not a usable HTTP status (want 100-599, not 404 or 405)")
	}
}

// Health holds the checks of one process, runs the active ones, and answers
// probes from the newest snapshot. Create it with New; all methods are safe
// for concurrent use.
type Health struct {
	opts    Options
	clock   Clock
	started time.Time
	reg     *metrics.Registry
	own     *ownMetrics // nil when the registry already held them

	mu      sync.Mutex // guards the fields below and activeCheck states
	entries []*entry
	subs    []func(*Snapshot)
	phase   Phase
	maint   Maintenance
	running bool
	cancel  context.CancelFunc
	ctx     context.Context

	live      atomic.Bool // the scheduler runs: updates are rendered by it
	dirty     atomic.Bool // an update is not yet in the published snapshot
	notify    chan struct{}
	wg        sync.WaitGroup
	renderMu  sync.Mutex
	seq       uint64        // of the newest snapshot; guarded by renderMu
	delivered atomic.Uint64 // seq of the newest snapshot handed to subscribers
	snap      atomic.Pointer[Snapshot]
	handlers  atomic.Pointer[map[string]func(*Request, *Response)]
	formats   formatCache // the last /metrics Accept header's format

	// The size of the next snapshot's bodies, measured on the last one
	// (which had bodyChecks checks and rendered bodyWanted); guarded by
	// renderMu.
	bodySize, bodyChecks int
	bodyWanted           uint32
	pageSize             int // of the status page bodies, likewise

	// page renders the status page; nil with Options.NoStatusPage. New
	// sets it from Options, so that a program whose Options turn the page
	// off in a literal, such as a microcontroller's, does not link its code
	// (TinyGo optimizes the whole program: about 5 KB of flash).
	page func(s *Snapshot, dst []byte, details bool) []byte

	wanted     atomic.Uint32 // the bodies asked for (1<<bodyID): snapshots pre-render them
	pageWanted atomic.Bool   // /status was asked for: snapshots pre-render it
}

// New returns a Health with no checks, in the starting phase, with its first
// snapshot already published.
func New(opts Options) *Health {
	if opts.Service == "" {
		opts.Service = "healthlite"
	}
	if opts.Environment == "" {
		opts.Environment = "development"
	}
	if opts.Clock == nil {
		opts.Clock = SystemClock{}
	}
	if opts.PassingCode == 0 {
		opts.PassingCode = 200
	}
	if opts.FailingCode == 0 {
		opts.FailingCode = 503
	}
	checkCode("PassingCode", opts.PassingCode)
	if opts.OwnMetrics > OwnMetricsNone {
		panic("BUG: healthlite: Options.OwnMetrics " + itoa(int(opts.OwnMetrics)) + " is not one of OwnMetricsAll, OwnMetricsChecks, OwnMetricsNone")
	}
	checkCode("FailingCode", opts.FailingCode)
	opts.History, opts.FlapLow, opts.FlapHigh = historyDefaults(opts)
	opts.DrainingCode, opts.AgentDegradedWeight = lbDefaults(opts)
	h := &Health{
		opts:    opts,
		clock:   opts.Clock,
		started: opts.Clock.Now(),
		notify:  make(chan struct{}, 1),
	}
	if !opts.NoStatusPage {
		h.page = (*Snapshot).appendStatusPage
	}
	h.reg = opts.Metrics
	if h.reg == nil {
		h.reg = metrics.NewRegistry()
	}
	// A registry shared with another Health already holds these series;
	// this Health then serves the registry without keeping its own.
	if opts.OwnMetrics != OwnMetricsNone {
		h.own, _ = newOwnMetrics(h, h.reg)
	}
	h.publish()
	return h
}

// entryKind says what kind of check an entry is.
type entryKind uint8

const (
	kindActive entryKind = iota
	kindFlag
	kindHeartbeat
	kindReporter
)

// checkKind is the one small interface of the kinds of registered check
// (an active check, a flag, a heartbeat, a reporter): two methods of the
// kind's own struct, bound at registration. It is a pair of method values
// rather than a Go interface because TinyGo emits the reflect type
// descriptors of every type stored in an interface, and of all its fields'
// types: 5.8 KB of a microcontroller's flash here, against 0.1 KB for this
// (see RATIONALE.md). Like an interface, it links only the code of the kinds
// a program registers.
type checkKind struct {
	// state fills cs with the state of e at time now (everything but the
	// name and criticality) and returns the groups it counts for now. h.mu
	// is held.
	state func(h *Health, e *entry, now time.Time, cs *CheckState) Groups
	// runs returns the check's ring of results and, for a passive check,
	// the lock that guards it (h.mu guards an active check's).
	runs func() (*history, *sync.Mutex)
}

// entry is one registered check of any kind, in registration order.
type entry struct {
	name     string
	groups   Groups
	critical bool
	kind     checkKind
	active   *activeCheck // the scheduler's part; nil for a passive check
	m        *checkMetrics
}

// add registers e after checking its name; it re-renders the snapshot so
// that the new check is shown at once.
func (h *Health) add(what string, e *entry) error {
	if err := validName(what, e.name); err != nil {
		return err
	}
	h.mu.Lock()
	if h.registered(e.name) {
		h.mu.Unlock()
		return checkError(e.name, "already registered; names must be unique")
	}
	m, err := h.own.forCheck(e.name, e.active != nil)
	if err != nil {
		h.mu.Unlock()
		return checkError(e.name, "cannot register its metrics: "+err.Error())
	}
	e.m = m
	h.entries = append(h.entries, e)
	if a := e.active; a != nil {
		a.m = m
		if h.running {
			h.startCheck(a)
		}
	}
	h.mu.Unlock()
	h.publish()
	return nil
}

// registered reports whether a check named name is registered (a scan: a
// map would cost more memory than registration time saves). h.mu is held.
func (h *Health) registered(name string) bool {
	for _, e := range h.entries {
		if e.name == name {
			return true
		}
	}
	return false
}

// Register adds an active check, run by the scheduler on its interval once
// Start is called (at once when it already runs). It rejects an empty or
// duplicate name and invalid settings with an error that says which.
func (h *Health) Register(cfg CheckConfig) error {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return err
	}
	a := &activeCheck{cfg: cfg, hist: newHistory(h.opts.History)}
	return h.add("check", &entry{name: cfg.Name, groups: cfg.Groups, critical: !cfg.NonCritical, kind: checkKind{a.state, a.runs}, active: a})
}

// Subscribe calls fn with every snapshot published from now on, on the
// goroutine that published it (the scheduler's, never a probe's). fn must
// not block for long.
func (h *Health) Subscribe(fn func(*Snapshot)) {
	h.mu.Lock()
	h.subs = append(h.subs, fn)
	h.mu.Unlock()
}

// Snapshot returns the newest published snapshot. It never returns nil.
func (h *Health) Snapshot() *Snapshot { return h.snap.Load() }

// errStarted is returned by a second Start.
var errStarted = errors.New("healthlite: already started; call Stop first")

// itoa is strconv.Itoa, named for readability in messages.
func itoa(n int) string { return strconv.Itoa(n) }
