package core

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestSchedulerRunsAfterInitialDelayThenOnInterval(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	var runs atomic.Int32
	err := h.Register(CheckConfig{Name: "db", InitialDelay: 5 * time.Second, Interval: 10 * time.Second,
		Check: CheckFunc(func(_ context.Context, r *Result) { runs.Add(1); r.Status = StatusPass })})
	if err != nil {
		t.Fatal(err)
	}
	if st := state(t, h, "db"); st.Status != StatusUnknown || !st.LastRun.IsZero() {
		t.Fatalf("before the first run: %+v, want unknown", st)
	}
	h.Start(context.Background())
	defer h.Stop()
	waitTimers(t, c, 2) // the render tick and the initial delay
	c.Advance(4 * time.Second)
	if runs.Load() != 0 {
		t.Fatal("ran before the initial delay")
	}
	c.Advance(time.Second)
	waitFor(t, "the first run", func() bool { return state(t, h, "db").LastRun.Equal(t0.Add(5 * time.Second)) })
	waitTimers(t, c, 2) // the render tick and the interval
	c.Advance(9 * time.Second)
	if runs.Load() != 1 {
		t.Fatalf("%d runs before the interval elapsed, want 1", runs.Load())
	}
	c.Advance(time.Second)
	waitFor(t, "the second run", func() bool { return state(t, h, "db").LastRun.Equal(t0.Add(15 * time.Second)) })
	if st := state(t, h, "db"); st.Status != StatusPass || runs.Load() != 2 {
		t.Errorf("after two runs: %+v, %d runs", st, runs.Load())
	}
}

func TestTimeoutAbandonsCheckThatIgnoresContext(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	release := make(chan struct{})
	var stuckRuns atomic.Int32
	h.Register(CheckConfig{Name: "stuck", Timeout: 2 * time.Second, Interval: 10 * time.Second, DownInterval: 10 * time.Second,
		Check: CheckFunc(func(_ context.Context, r *Result) {
			stuckRuns.Add(1)
			<-release // ignores its context
			r.Status = StatusPass
		})})
	h.Register(CheckConfig{Name: "fast", Interval: 2 * time.Second, Check: pass})
	h.Start(context.Background())
	waitFor(t, "fast to pass while stuck runs", func() bool { return state(t, h, "fast").Status == StatusPass })
	waitTimers(t, c, 3) // render tick, stuck's timeout, fast's interval
	c.Advance(2 * time.Second)
	waitFor(t, "stuck to time out", func() bool { return state(t, h, "stuck").Status == StatusFail })
	st := state(t, h, "stuck")
	if st.Message != "timeout after 2s" || st.ConsecutiveFailures != 1 || st.Duration != 2*time.Second {
		t.Errorf("timed-out check: %+v", st)
	}
	waitFor(t, "fast's second run", func() bool { return state(t, h, "fast").LastRun.Equal(t0.Add(2 * time.Second)) })
	resp := get(h, "/readyz?verbose")
	if resp.Status != 503 || !strings.Contains(string(resp.Body), "[-]stuck failed since 19:29:30Z: timeout after 2s\n[+]fast ok\n") {
		t.Errorf("/readyz?verbose = %d %q", resp.Status, resp.Body)
	}
	waitTimers(t, c, 3) // render tick, stuck's and fast's intervals
	c.Advance(8 * time.Second)
	waitFor(t, "the run skipped while stuck is in flight", func() bool { return state(t, h, "stuck").ConsecutiveFailures == 2 })
	if st := state(t, h, "stuck"); st.Message != "timeout after 2s; the previous run is still running" || stuckRuns.Load() != 1 {
		t.Errorf("skipped run: %+v, %d runs started, want 1", st, stuckRuns.Load())
	}
	close(release)
	h.Stop()
}

func TestUnsetAndInvalidResultsAreUnknown(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Register(CheckConfig{Name: "silent", Check: CheckFunc(func(context.Context, *Result) {})})
	h.Register(CheckConfig{Name: "odd", Check: CheckFunc(func(_ context.Context, r *Result) { r.Status = 9 })})
	h.Start(context.Background())
	defer h.Stop()
	for _, name := range []string{"silent", "odd"} {
		waitFor(t, name+" to run", func() bool { return !state(t, h, name).LastRun.IsZero() })
		if st := state(t, h, name); st.Status != StatusUnknown || st.ConsecutiveFailures != 1 {
			t.Errorf("%s: %+v, want unknown", name, st)
		}
	}
	if resp := get(h, "/readyz"); resp.Status != 503 {
		t.Errorf("/readyz with unknown checks = %d, want 503", resp.Status)
	}
}

func TestRiseAndFall(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	script := []Status{StatusPass, StatusFail, StatusFail, StatusPass, StatusWarn}
	var n atomic.Int32
	h.Register(CheckConfig{Name: "db", Interval: time.Second, Rise: 2, Fall: 2,
		Check: CheckFunc(func(_ context.Context, r *Result) {
			r.Status = script[n.Add(1)-1]
			r.Message = r.Status.String() + " result"
		})})
	h.Start(context.Background())
	defer h.Stop()
	want := []struct {
		status   Status
		failures int
	}{{StatusPass, 0}, {StatusPass, 1}, {StatusFail, 2}, {StatusFail, 0}, {StatusWarn, 0}}
	for i, w := range want {
		if i > 0 {
			waitTimers(t, c, 2) // render tick and interval
			c.Advance(time.Second)
		}
		at := t0.Add(time.Duration(i) * time.Second)
		waitFor(t, "run "+itoa(i+1), func() bool { return state(t, h, "db").LastRun.Equal(at) })
		st := state(t, h, "db")
		if st.Status != w.status || st.ConsecutiveFailures != w.failures || st.Message != w.status.String()+" result" {
			t.Errorf("after run %d (%v): %v %q, %d failures; want %v, %d", i+1, script[i], st.Status, st.Message, st.ConsecutiveFailures, w.status, w.failures)
		}
	}
}

func TestStopWaitsForRunningChecks(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	started := make(chan struct{})
	var returned atomic.Bool
	h.Register(CheckConfig{Name: "slow", Timeout: time.Hour, Check: CheckFunc(func(ctx context.Context, r *Result) {
		close(started)
		<-ctx.Done()
		returned.Store(true)
	})})
	h.Start(context.Background())
	<-started
	h.Stop()
	if !returned.Load() {
		t.Fatal("Stop returned before the running check")
	}
	h.Stop() // a second Stop does nothing
}

func TestCancellingStartContextStopsScheduler(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	f, _ := h.Flag("ready", true)
	ctx, cancel := context.WithCancel(context.Background())
	h.Start(ctx)
	cancel()
	waitFor(t, "the render loop to end", func() bool { return !h.live.Load() })
	f.Set(false) // published in the caller now that no scheduler runs
	if state(t, h, "ready").Status != StatusFail {
		t.Error("a flag set after the scheduler ended was not published")
	}
	h.Stop()
}

func TestRealClockGivesChecksADeadline(t *testing.T) {
	h := New(Options{})
	got := make(chan time.Duration, 1)
	h.Register(CheckConfig{Name: "d", Timeout: 3 * time.Second, Check: CheckFunc(func(ctx context.Context, r *Result) {
		d, ok := ctx.Deadline()
		if !ok {
			got <- -1
			return
		}
		got <- time.Until(d)
		r.Status = StatusPass
	})})
	h.Start(context.Background())
	defer h.Stop()
	if d := <-got; d <= 0 || d > 3*time.Second {
		t.Errorf("deadline in %v, want within 3s", d)
	}
}
