//go:build !race && !tinygo

package core

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

// setupPaths are the ways memory is taken at setup. Each adds one thing to
// a fresh Health (made by fresh, and not counted) or creates one.
var setupPaths = []struct {
	name  string
	fresh func() *Health
	add   func(h *Health, i int)
}{
	{"New", nil, func(h *Health, i int) { setupKeep = append(setupKeep, New(Options{Clock: setupClock})) }},
	{"NewLean", nil, func(h *Health, i int) {
		setupKeep = append(setupKeep, New(Options{Clock: setupClock, OwnMetrics: OwnMetricsChecks}))
	}},
	{"Register", freshHealth, func(h *Health, i int) { h.Register(CheckConfig{Name: setupNames[i], Check: CheckFunc(nop)}) }},
	{"Flag", freshHealth, func(h *Health, i int) { h.Flag(setupNames[i], true) }},
	{"Heartbeat", freshHealth, func(h *Health, i int) { h.Heartbeat(setupNames[i], time.Minute) }},
	{"NewCounter", freshHealth, func(h *Health, i int) {
		h.reg.NewCounter("app_events_total", "Events by channel.", "channel", setupNames[i])
	}},
}

var (
	setupClock = NewManualClock(t0)
	setupKeep  []*Health // what New made, kept alive while it is measured
	setupNames = func() (s [256]string) {
		for i := range s {
			s[i] = "c" + strconv.Itoa(i)
		}
		return s
	}()
)

func freshHealth() *Health { return New(Options{Clock: setupClock}) }

func nop(context.Context, *Result) {}

// setupCost runs add n times on one Health and returns, per call, the heap
// bytes still in use after a collection, the bytes allocated and the
// allocations.
func setupCost(n int, fresh func() *Health, add func(*Health, int)) (live, total, mallocs float64) {
	var h *Health
	if fresh != nil {
		h = fresh()
	}
	setupKeep = nil
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC() // the second frees what sync.Pools let go of in the first
	runtime.ReadMemStats(&before)
	for i := 0; i < n; i++ {
		add(h, i)
	}
	runtime.ReadMemStats(&after)
	total = float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
	mallocs = float64(after.Mallocs-before.Mallocs) / float64(n)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	live = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(n)
	runtime.KeepAlive(h)
	setupKeep = nil
	return live, total, mallocs
}

// TestSetupMemoryBudget holds what setup costs on the Go toolchain (64-bit)
// to a budget, so that a change that makes New or a registration take more
// memory fails here. The figures are averages over 16 calls (a Register
// also re-renders the snapshot, which grows with the checks before it).
// Under TinyGo on a 32-bit board everything is about half; the README has
// those figures, which examples/embedded prints.
func TestSetupMemoryBudget(t *testing.T) {
	budget := map[string]struct{ live, total, mallocs float64 }{
		// New: with the probe counters of /status (issue 18).
		"New": {14_000, 32_000, 445}, // its heap kept varies by ±3% between runs
		// NewLean: with healthlite_maintenance, the agent line and draining
		// codes; the history options and the status page's fields.
		"NewLean": {5_500, 8_200, 82},
		// Register: with a history of 32 results (512 B), the flapping
		// gauge and the transition counters' table (issue 18).
		"Register": {6_500, 20_500, 162},
		// Flag: the verbose bodies show since and flapping; the passive
		// history (w2-history): a ring of 32 results (512 B) and the
		// flapping gauge.
		"Flag": {3_600, 15_100, 106}, // + its two kind methods bound (checkKind; none under TinyGo)
		// Heartbeat: a heartbeat awaiting its first beat fails readiness:
		// longer verbose bodies per render; since and flapping in them; the
		// passive history's ring (512 B) and flapping gauge.
		"Heartbeat":  {3_850, 17_300, 106}, // + its two kind methods bound
		"NewCounter": {300, 700, 14},
	}
	for _, p := range setupPaths {
		live, total, mallocs := setupCost(16, p.fresh, p.add)
		b := budget[p.name]
		t.Logf("%-10s %6.0f B in use, %6.0f B in %5.1f allocations", p.name, live, total, mallocs)
		if live > b.live || total > b.total || mallocs > b.mallocs {
			t.Errorf("%s: %.0f B in use, %.0f B in %.1f allocations; budget %.0f B, %.0f B, %.0f", p.name, live, total, mallocs, b.live, b.total, b.mallocs)
		}
	}
}

// BenchmarkSetup reports bytes and allocations per setup path, each call
// on a fresh Health (whose own creation is not counted).
func BenchmarkSetup(b *testing.B) {
	for _, p := range setupPaths {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			var h *Health
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				setupKeep = setupKeep[:0]
				if p.fresh != nil {
					h = p.fresh()
				}
				b.StartTimer()
				p.add(h, 0)
			}
		})
	}
}

// TestOwnMetricsOutOfRange: an OwnMetrics value that is none of the
// constants is a programmer's mistake, reported by New.
func TestOwnMetricsOutOfRange(t *testing.T) {
	defer func() {
		if p, _ := recover().(string); p == "" || p[:4] != "BUG:" {
			t.Errorf("New with OwnMetrics 7 panicked with %q, want a BUG: message", p)
		}
	}()
	New(Options{OwnMetrics: 7, Metrics: metrics.NewRegistry()})
}
