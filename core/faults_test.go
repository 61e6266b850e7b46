//go:build !tinygo

// The fault tests run with the Go toolchain only: their checks panic, which
// TinyGo cannot recover from on WebAssembly.

package core

import (
	"context"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// faultRounds is how many scheduler rounds TestHostileChecksLeaveOthersAlone
// drives: every check runs once per round.
const faultRounds = 10000

// await polls cond, yielding the processor between tries, until it holds;
// it fails the test after 10s of real time, which only a broken scheduler
// takes. It is waitFor for loops of thousands of rounds, where a
// millisecond's sleep per wait would add up.
func await(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; !cond(); i++ {
		if i < 200 {
			runtime.Gosched()
			continue
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Microsecond)
	}
}

// settleGoroutines waits (at most 5s) for the goroutine count to fall to
// at most n, and returns the count it saw last.
func settleGoroutines(n int) int {
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := runtime.NumGoroutine()
		if got <= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(time.Millisecond)
	}
}

// flapBad is the flapping check's script: whether its run k fails. Runs of
// passes and failures of every length up to a dozen occur.
func flapBad(k int) bool {
	x := uint64(k)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	x ^= x >> 31
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 29
	return x%100 < 45
}

// flapWant is the published status of the flapping check after run k, from
// rise and fall as the docs state them: the first result is taken; a
// passing check turns failing once its last fall runs all failed, a failing
// one turns passing once its last rise runs all passed.
func flapWant(history []bool, rise, fall int) Status {
	bad := history[0]
	for k := 1; k < len(history); k++ {
		n := rise
		if !bad {
			n = fall
		}
		if k+1 < n {
			continue
		}
		all := true
		for _, b := range history[k+1-n : k+1] {
			all = all && b != bad
		}
		if all {
			bad = !bad
		}
	}
	if bad {
		return StatusFail
	}
	return StatusPass
}

// TestHostileChecksLeaveOthersAlone drives 10,000 rounds of a ManualClock
// scheduler where, beside a well-behaved check, one check panics, one hangs
// past its deadline (until its context is cancelled), one never returns at
// all, one flaps, and one returns a megabyte message each run. Every round
// it asserts that the good check ran on time, probes answer from the
// snapshot while the hanging check is still in flight, the flapping check
// honours rise and fall, messages are cut; and that the number of
// goroutines does not grow.
func TestHostileChecksLeaveOthersAlone(t *testing.T) {
	rounds := faultRounds
	if testing.Short() {
		rounds = 500
	}
	h, c := newTestHealth(t, Options{})
	const day = 24 * time.Hour // "never" on the manual clock: fast checks cannot time out
	const rise, fall = 3, 2
	release := make(chan struct{})
	var stuckRuns, flapRuns atomic.Int64
	huge := strings.Repeat("é", 1<<19) // 1 MiB; the cut falls inside a rune
	for _, cfg := range []CheckConfig{
		{Name: "good", Groups: GroupLive | GroupReady, Timeout: day, Check: pass},
		{Name: "panics", Timeout: day, Check: CheckFunc(func(context.Context, *Result) { panic("boom") })},
		{Name: "hangs", Timeout: 500 * time.Millisecond, Check: CheckFunc(func(ctx context.Context, r *Result) {
			<-ctx.Done()
			r.Status = StatusPass
		})},
		{Name: "stuck", Timeout: 500 * time.Millisecond, Check: CheckFunc(func(_ context.Context, r *Result) {
			stuckRuns.Add(1)
			<-release // ignores its context
			r.Status = StatusPass
		})},
		{Name: "flaps", Timeout: day, Rise: rise, Fall: fall, Check: CheckFunc(func(_ context.Context, r *Result) {
			r.Status = StatusPass
			if flapBad(int(flapRuns.Add(1) - 1)) {
				r.Status = StatusFail
			}
		})},
		{Name: "huge", Timeout: day, Check: CheckFunc(func(_ context.Context, r *Result) {
			r.Status, r.Message = StatusWarn, huge
		})},
	} {
		cfg.Interval = time.Second
		if err := h.Register(cfg); err != nil {
			t.Fatal(err)
		}
	}
	const timers = 7 // the render tick and one per check (its interval, or the timeout of a run in flight)
	before := runtime.NumGoroutine()
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	var history []bool
	inFlight := 0 // goroutines counted at round 10: the same phase is compared at the end
	for k := 0; k < rounds; k++ {
		at := t0.Add(time.Duration(k) * time.Second)
		ranAt := func(name string) bool { return state(t, h, name).LastRun.Equal(at) }
		// Every check but hangs and stuck has finished round k; hangs
		// waits for its deadline, and so does stuck's first run (the
		// later ones are skipped at once while the first is in flight).
		await(t, "round "+itoa(k)+" of the prompt checks", func() bool {
			return ranAt("good") && ranAt("panics") && ranAt("flaps") && ranAt("huge")
		})
		await(t, "round "+itoa(k)+" timers", func() bool { return c.Timers() == timers })

		// Probes answer from the snapshot while hangs is in flight.
		if r := get(h, "/livez"); r.Status != 200 {
			t.Fatalf("round %d: /livez = %d %q, want 200: hostile ready checks must not touch liveness", k, r.Status, r.Body)
		}
		if r := get(h, "/readyz/good"); r.Status != 200 {
			t.Fatalf("round %d: /readyz/good = %d %q", k, r.Status, r.Body)
		}
		if r := get(h, "/readyz"); r.Status != 503 {
			t.Fatalf("round %d: /readyz = %d, want 503 (panics fails)", k, r.Status)
		}
		history = append(history, flapBad(k))
		if got, want := state(t, h, "flaps").Status, flapWant(history, rise, fall); got != want {
			t.Fatalf("round %d: flaps is %v, want %v (rise %d, fall %d; last results %v)", k, got, want, rise, fall, history[max(0, k-5):])
		}
		if st := state(t, h, "panics"); st.Status != StatusFail || st.Message != "panic: boom" || st.ConsecutiveFailures != k+1 {
			t.Fatalf("round %d: panics %+v", k, st)
		}
		if msg := state(t, h, "huge").Message; len(msg) > MaxMessage || !utf8.ValidString(msg) || !strings.HasSuffix(msg, "é…") {
			t.Fatalf("round %d: huge's message has %d bytes (valid UTF-8 %v), want at most %d ending in é…", k, len(msg), utf8.ValidString(msg), MaxMessage)
		}
		if k == 10 {
			inFlight = runtime.NumGoroutine()
		}
		if k == rounds-1 {
			if got := settleGoroutines(inFlight); got > inFlight {
				t.Errorf("%d goroutines after %d rounds, %d at round 10: checks leak goroutines", got, rounds, inFlight)
			}
		}

		c.Advance(500 * time.Millisecond) // hangs (and stuck's first run) time out
		await(t, "round "+itoa(k)+" of hangs and stuck", func() bool { return ranAt("hangs") && ranAt("stuck") })
		if st := state(t, h, "hangs"); st.Status != StatusFail || !strings.HasPrefix(st.Message, "timeout after 500ms") || st.Duration != 500*time.Millisecond && k == 0 {
			t.Fatalf("round %d: hangs %+v", k, st)
		}
		await(t, "round "+itoa(k)+" timers after the deadlines", func() bool { return c.Timers() == timers })
		c.Advance(500 * time.Millisecond) // the next round begins
	}
	if st := state(t, h, "stuck"); st.Status != StatusFail || st.Message != "timeout after 500ms; the previous run is still running" || stuckRuns.Load() != 1 {
		t.Errorf("stuck: %+v, %d runs started; want one run in flight and the others skipped", st, stuckRuns.Load())
	}
	close(release)
	h.Stop()
	if got := settleGoroutines(before); got > before {
		t.Errorf("%d goroutines after Stop, %d before Start", got, before)
	}
}
