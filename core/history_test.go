package core

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// scripted registers a check named db that reports script[k] on its run k
// (the last status once the script is over) and takes took, starts the
// scheduler, and returns a function that lets the next run happen and
// waits until the snapshot shows it.
func scripted(t *testing.T, opts Options, cfg CheckConfig, script []Status, took time.Duration) (*Health, *ManualClock, func()) {
	t.Helper()
	h, c := newTestHealth(t, opts)
	var k atomic.Int64
	cfg.Name = "db"
	cfg.Interval = 10 * time.Second
	cfg.Check = CheckFunc(func(_ context.Context, r *Result) {
		i := int(k.Add(1) - 1)
		if i >= len(script) {
			i = len(script) - 1
		}
		c.Advance(took) // the run takes took on the check's clock
		r.Status, r.Message = script[i], script[i].String()+" #"+itoa(i)
	})
	if err := h.Register(cfg); err != nil {
		t.Fatal(err)
	}
	h.Start(context.Background())
	t.Cleanup(h.Stop)
	runs := 1
	waitFor(t, "the first run", func() bool { return k.Load() == 1 && state(t, h, "db").LastRun.Equal(t0) })
	next := func() {
		t.Helper()
		waitTimers(t, c, 2) // the check's next run and the render loop's tick
		c.Advance(10*time.Second - took)
		runs++
		want := runs
		waitFor(t, "run "+itoa(want), func() bool { return published(h, want) })
	}
	return h, c, next
}

// published reports whether the snapshot shows the check's run n (counting
// from 1), which started (n-1) intervals after t0.
func published(h *Health, n int) bool {
	for _, c := range h.Snapshot().Checks() {
		if c.Name == "db" {
			return c.LastRun.Equal(t0.Add(time.Duration(n-1) * 10 * time.Second))
		}
	}
	return false
}

func alternating(n int) []Status {
	s := make([]Status, n)
	for i := range s {
		s[i] = StatusPass
		if i%2 == 1 {
			s[i] = StatusFail
		}
	}
	return s
}

func TestAlternatingCheckFlaps(t *testing.T) {
	h, _, next := scripted(t, Options{}, CheckConfig{}, alternating(12), time.Millisecond)
	flappedAt := 0
	for run := 2; run <= 12; run++ {
		next()
		if st := state(t, h, "db"); st.Flapping && flappedAt == 0 {
			flappedAt = run
		}
	}
	st := state(t, h, "db")
	// Eleven changes in the newest slots of a ring of 32: about 40 %.
	if !st.Flapping || st.StateChange < DefaultFlapHigh {
		t.Fatalf("after 12 alternating runs: flapping %v at %.1f %%, want flapping", st.Flapping, st.StateChange)
	}
	if flappedAt < 8 {
		t.Errorf("flapping from run %d; a handful of changes should not be enough yet", flappedAt)
	}
	if st.Runs() != 12 {
		t.Errorf("history holds %d runs, want 12", st.Runs())
	}
	if body := string(get(h, "/readyz?verbose").Body); !strings.Contains(body, "[-]db failed since 19:31:20Z (flapping): fail #11\n") {
		t.Errorf("/readyz?verbose =\n%s", body)
	}
	if body := string(get(h, "/readyz").Body); strings.Contains(body, "since") || strings.Contains(body, "flapping") {
		t.Errorf("/readyz without verbose shows the history: %s", body)
	}
	if body := string(get(h, "/health?verbose").Body); !strings.Contains(body, `"flapping":true`) {
		t.Errorf("/health?verbose = %s", body)
	}
	lines := metricLines(h, "healthlite_check_")
	for _, want := range []string{
		`healthlite_check_flapping{check="db"} 1`,
		`healthlite_check_transitions_total{check="db",from="unknown",to="pass"} 1`,
		`healthlite_check_transitions_total{check="db",from="pass",to="fail"} 6`,
		`healthlite_check_transitions_total{check="db",from="fail",to="pass"} 5`,
	} {
		if !hasLine(lines, want) {
			t.Errorf("no line %s in\n%s", want, strings.Join(lines, "\n"))
		}
	}
	for _, l := range lines {
		if strings.Contains(l, `to="warn"`) {
			t.Errorf("a transition that never happened is exported: %s", l)
		}
	}
}

func TestOneFailureDoesNotFlap(t *testing.T) {
	script := make([]Status, 40)
	for i := range script {
		script[i] = StatusPass
	}
	script[20] = StatusFail
	h, _, next := scripted(t, Options{}, CheckConfig{}, script, 0)
	for run := 2; run <= 40; run++ {
		next()
		if st := state(t, h, "db"); st.Flapping {
			t.Fatalf("run %d: flapping at %.1f %% after one failure", run, st.StateChange)
		}
	}
	st := state(t, h, "db")
	if st.Since != t0.Add(21*10*time.Second) || st.Status != StatusPass {
		t.Errorf("since %v (%v), want the run after the failure", st.Since, st.Status)
	}
	if lines := metricLines(h, "healthlite_check_flapping"); !hasLine(lines, `healthlite_check_flapping{check="db"} 0`) {
		t.Errorf("flapping gauge: %v", lines)
	}
}

// TestSinceIsTheChangeOfPublishedStatus: with fall 2 a single failure
// changes nothing, and since is when the second failure turned the check.
func TestSinceIsTheChangeOfPublishedStatus(t *testing.T) {
	script := []Status{StatusPass, StatusFail, StatusPass, StatusFail, StatusFail, StatusFail}
	h, _, next := scripted(t, Options{}, CheckConfig{Fall: 2}, script, 0)
	if st := state(t, h, "db"); st.Since != t0 {
		t.Fatalf("since after the first run = %v, want %v", st.Since, t0)
	}
	for run := 2; run <= 6; run++ {
		next()
	}
	st := state(t, h, "db")
	if want := t0.Add(40 * time.Second); st.Status != StatusFail || st.Since != want {
		t.Errorf("status %v since %v, want fail since %v (run 5)", st.Status, st.Since, want)
	}
}

func TestHistoryRingKeepsTheNewest(t *testing.T) {
	script := []Status{StatusPass, StatusWarn, StatusFail, StatusUnknown, StatusPass, StatusWarn}
	h, _, next := scripted(t, Options{History: 4}, CheckConfig{}, script, 1500*time.Microsecond)
	for run := 2; run <= 6; run++ {
		next()
	}
	st := state(t, h, "db")
	runs := st.History(nil)
	if len(runs) != 4 {
		t.Fatalf("history of %d runs, want 4", len(runs))
	}
	for i, r := range runs {
		k := i + 2
		if r.Status != script[k] || !r.At.Equal(t0.Add(time.Duration(k)*10*time.Second)) || r.Duration != 1500*time.Microsecond {
			t.Errorf("run %d = %+v, want %v at %v taking 1.5ms", i, r, script[k], t0.Add(time.Duration(k)*10*time.Second))
		}
	}
	body := string(get(h, "/health?verbose").Body)
	if !strings.Contains(body, `"history":[{"time":"2025-06-04T19:29:50.000Z","status":"fail","duration_seconds":0.0015},`) {
		t.Errorf("/health?verbose history: %s", body)
	}
}

func TestHistoryOff(t *testing.T) {
	h, _, next := scripted(t, Options{History: -1}, CheckConfig{}, alternating(12), 0)
	for run := 2; run <= 12; run++ {
		next()
	}
	st := state(t, h, "db")
	if st.Runs() != 0 || st.Flapping || st.Since != t0.Add(110*time.Second) {
		t.Errorf("with history off: %d runs, flapping %v, since %v", st.Runs(), st.Flapping, st.Since)
	}
	if lines := metricLines(h, "healthlite_check_flapping"); len(lines) != 0 {
		t.Errorf("flapping gauge without history: %v", lines)
	}
	if body := string(get(h, "/health?verbose").Body); strings.Contains(body, `"history"`) {
		t.Errorf("history shown while off: %s", body)
	}
}

// TestFlapHysteresis drives the ring directly: a check starts flapping at
// the high threshold and stops only below the low one.
func TestFlapHysteresis(t *testing.T) {
	hi := newHistory(21)
	st := StatusPass
	add := func(change bool) {
		if change {
			st ^= StatusPass ^ StatusFail
		}
		hi.add(run{st: st})
		hi.updateFlap(DefaultFlapLow, DefaultFlapHigh)
	}
	for i := 0; i < 21; i++ {
		add(false)
	}
	for !hi.flap.flapping {
		add(true)
		if hi.flap.percent > 60 {
			t.Fatalf("not flapping at %.1f %%", hi.flap.percent)
		}
	}
	if hi.flap.percent < DefaultFlapHigh {
		t.Fatalf("started flapping at %.1f %%", hi.flap.percent)
	}
	// Steady results age the changes out of the ring; flapping lasts until
	// the percentage is below the low threshold, not merely the high one.
	sawBetween := false
	for hi.flap.flapping {
		add(false)
		if hi.flap.percent < DefaultFlapHigh && hi.flap.percent >= DefaultFlapLow {
			sawBetween = true
		}
	}
	if !sawBetween || hi.flap.percent >= DefaultFlapLow {
		t.Errorf("stopped flapping at %.1f %% (saw the band between: %v)", hi.flap.percent, sawBetween)
	}
}

// TestFlapPercentAsNagios: every result a change over a full ring is 100 %;
// one change in the newest slot weighs 1.25, in the oldest 0.75.
func TestFlapPercentAsNagios(t *testing.T) {
	cases := []struct {
		statuses []Status
		want     float64
	}{
		{alternating(21), 100},
		{append(repeat(StatusPass, 20), StatusFail), 1.25 * 100 / 20},
		{append([]Status{StatusFail}, repeat(StatusPass, 20)...), 0.75 * 100 / 20},
		{[]Status{StatusPass, StatusFail}, 1.25 * 100 / 20}, // a ring not yet full
	}
	for i, c := range cases {
		hi := newHistory(21)
		for _, s := range c.statuses {
			hi.add(run{st: s})
		}
		hi.updateFlap(DefaultFlapLow, DefaultFlapHigh)
		if d := hi.flap.percent - c.want; d > 1e-9 || d < -1e-9 {
			t.Errorf("case %d: %.4f %%, want %.4f %%", i, hi.flap.percent, c.want)
		}
	}
}

func repeat(s Status, n int) []Status {
	out := make([]Status, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestSinceTextShowsTheDateOfAnotherDay(t *testing.T) {
	c := &CheckState{Since: t0, Flapping: true}
	if got := string(appendSinceText(nil, c, t0.Add(time.Hour))); got != " since 19:29:30Z (flapping)" {
		t.Errorf("same day: %q", got)
	}
	if got := string(appendSinceText(nil, c, t0.Add(24*time.Hour))); got != " since 2025-06-04T19:29:30Z (flapping)" {
		t.Errorf("next day: %q", got)
	}
	if got := string(appendSinceText(nil, &CheckState{}, t0)); got != "" {
		t.Errorf("no result yet: %q", got)
	}
}

func TestPassiveChecksHaveSince(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", false)
	c.Advance(time.Minute)
	f.Set(true) // published at once: the scheduler is not running
	st := state(t, h, "bot_ready")
	if st.Since != t0.Add(time.Minute) || st.Runs() != 1 {
		t.Errorf("flag since %v with %d runs, want %v and one (the Set)", st.Since, st.Runs(), t0.Add(time.Minute))
	}
	if lines := metricLines(h, "healthlite_check_transitions_total"); !hasLine(lines, `healthlite_check_transitions_total{check="bot_ready",from="fail",to="pass"} 1`) {
		t.Errorf("transitions: %v", lines)
	}
}

// TestHistoryCountsChanges: the running count of changes that lets a steady
// check skip the pass over its ring matches a recount as the ring wraps.
func TestHistoryCountsChanges(t *testing.T) {
	hi := newHistory(5)
	seq := []Status{StatusPass, StatusPass, StatusFail, StatusPass, StatusPass, StatusPass, StatusPass, StatusPass, StatusFail, StatusFail, StatusWarn, StatusPass, StatusPass, StatusPass, StatusPass, StatusPass, StatusPass}
	for i, st := range seq {
		hi.add(run{st: st})
		hi.updateFlap(DefaultFlapLow, DefaultFlapHigh)
		want := 0
		for k := 1; k < hi.n; k++ {
			if hi.at(k).st != hi.at(k-1).st {
				want++
			}
		}
		if hi.changes != want {
			t.Fatalf("after run %d: %d changes counted, %d held", i, hi.changes, want)
		}
	}
	if hi.flap.percent != 0 {
		t.Errorf("a steady ring: %.1f %% state change, want 0", hi.flap.percent)
	}
}
