package core

import (
	"context"
	"sync"
	"time"
)

// renderInterval is how often snapshots are re-rendered for their time
// fields (uptime_seconds, last_heartbeat, heartbeat expiry) when no result
// changes. It is also the max-age of health+json responses.
const renderInterval = time.Second

// Start starts the scheduler: one goroutine per active check and one that
// re-renders the snapshot when a result changes and once per second. It
// returns at once. The scheduler stops when ctx is done or Stop is called.
func (h *Health) Start(ctx context.Context) error {
	h.mu.Lock()
	if h.running {
		h.mu.Unlock()
		return errStarted
	}
	h.running = true
	h.ctx, h.cancel = withCancel(ctx)
	for _, e := range h.entries {
		if a := e.active; a != nil {
			h.startCheck(a)
		}
	}
	h.live.Store(true)
	h.wg.Add(1)
	go h.renderLoop(h.ctx)
	h.mu.Unlock()
	h.publish()
	return nil
}

// Stop stops the scheduler and waits until every goroutine it started has
// returned, including running checks (whose contexts it cancels: a check
// that ignores its context delays Stop until it returns). The snapshot is
// re-rendered once more so it shows the final state.
func (h *Health) Stop() {
	h.mu.Lock()
	if !h.running {
		h.mu.Unlock()
		return
	}
	h.running = false
	h.live.Store(false)
	cancel := h.cancel
	h.mu.Unlock()
	cancel()
	h.wg.Wait()
	h.publish()
}

// renderLoop publishes a new snapshot whenever it is told of a change and
// once every renderInterval for the time fields.
func (h *Health) renderLoop(ctx context.Context) {
	defer h.wg.Done()
	defer h.live.Store(false)
	t := h.clock.NewTimer(renderInterval)
	for {
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-h.notify:
			h.Publish() // nothing when a Publish has rendered it already
		case <-t.C():
			h.publish()
			t = h.clock.NewTimer(renderInterval)
		}
	}
}

// activeCheck is a registered Checker and its state. st, okRuns and ran are
// guarded by Health.mu.
type activeCheck struct {
	cfg      CheckConfig
	inflight chan struct{} // holds a token while a run is in flight
	m        *checkMetrics

	st       CheckState
	hist     history
	okRuns   int
	ran      bool
	firstRun time.Time // when the first run is due; zero until started
}

// state reports the newest result of a, or that its first run is awaited.
func (a *activeCheck) state(h *Health, e *entry, now time.Time, cs *CheckState) Groups {
	*cs = a.st
	if !a.ran && cs.Message == "" {
		cs.Message = a.waitingMessage(now)
	}
	cs.kind = kindActive
	return e.groups
}

// runs returns the ring of a, which h.mu guards.
func (a *activeCheck) runs() (*history, *sync.Mutex) { return &a.hist, nil }

// startCheck starts the loop of a. h.mu is held.
func (h *Health) startCheck(a *activeCheck) {
	if a.inflight == nil {
		a.inflight = make(chan struct{}, 1)
	}
	if !a.ran {
		a.firstRun = h.clock.Now().Add(a.cfg.InitialDelay)
	}
	h.wg.Add(1)
	go h.checkLoop(h.ctx, a)
}

// checkLoop runs a after its initial delay and then once per interval
// (see nextInterval), measured from the start of one run to the start of
// the next.
func (h *Health) checkLoop(ctx context.Context, a *activeCheck) {
	defer h.wg.Done()
	wait := a.cfg.InitialDelay
	for {
		if wait > 0 {
			t := h.clock.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C():
			}
		} else if ctx.Err() != nil {
			return
		}
		start := h.clock.Now()
		h.runOnce(ctx, a)
		wait = start.Add(h.nextInterval(a)).Sub(h.clock.Now())
	}
}

// runOnce runs a once on its own goroutine, with a deadline of its timeout,
// and records the result. A run that overruns the timeout is abandoned and
// recorded as failed; while it is still running, later runs are skipped and
// recorded as failed too, so at most one run per check is ever in flight.
func (h *Health) runOnce(ctx context.Context, a *activeCheck) {
	timeout := a.cfg.Timeout
	start := h.clock.Now()
	select {
	case a.inflight <- struct{}{}:
	default:
		h.record(a, Result{Status: StatusFail, Message: "timeout after " + timeout.String() + "; the previous run is still running"}, 0, start)
		return
	}
	_, real := h.clock.(SystemClock)
	runCtx, cancel := withRunTimeout(ctx, timeout, real)
	defer cancel()
	r := &Result{}
	done := make(chan struct{})
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		defer close(done)
		defer func() { <-a.inflight }()
		defer func() {
			if p := recover(); p != nil {
				*r = Result{Status: StatusFail, Message: "panic: " + panicText(p)}
			}
		}()
		a.cfg.Check.Check(runCtx, r)
	}()
	t := h.clock.NewTimer(timeout)
	select {
	case <-done:
		t.Stop()
		h.record(a, *r, h.clock.Now().Sub(start), start)
	case <-t.C():
		h.record(a, Result{Status: StatusFail, Message: "timeout after " + timeout.String()}, timeout, start)
	case <-ctx.Done():
		t.Stop()
	}
}

// panicText describes a recovered panic value without fmt.
func panicText(p any) string {
	switch v := p.(type) {
	case string:
		return v
	case error:
		return v.Error()
	case int:
		return itoa(v)
	case interface{ String() string }:
		return v.String()
	}
	return "(a value that is not a string or an error)"
}

// record applies one run's result to a, honouring rise and fall: the first
// result is taken as it is; after that, a passing check turns failing only
// after Fall consecutive failing runs, and a failing one turns passing after
// Rise passing runs. Warn counts as passing, unknown as failing. A message
// longer than MaxMessage is cut.
func (h *Health) record(a *activeCheck, res Result, took time.Duration, at time.Time) {
	if res.Status > StatusFail {
		res.Status = StatusUnknown
	}
	res.Message = capMessage(res.Message)
	good := res.Status == StatusPass || res.Status == StatusWarn
	a.m.observe(took)
	h.mu.Lock()
	st := &a.st
	st.Duration, st.LastRun = took, at
	if good {
		a.okRuns++
		st.ConsecutiveFailures = 0
	} else {
		a.okRuns = 0
		st.ConsecutiveFailures++
	}
	wasGood := st.Status == StatusPass || st.Status == StatusWarn
	take := !a.ran || wasGood == good ||
		(good && a.okRuns >= a.cfg.Rise) || (!good && st.ConsecutiveFailures >= a.cfg.Fall)
	first := !a.ran
	a.ran = true
	if take {
		if st.Status != res.Status {
			a.m.transition(st.Status, res.Status)
		}
		if first || st.Status != res.Status {
			st.Since = at
		}
		st.Status, st.Message, st.Value, st.HasValue = res.Status, res.Message, res.Value, res.HasValue
		if good {
			st.everPassed = true
		}
	}
	h.recordRun(a, newRun(at, took, res.Status))
	h.mu.Unlock()
	h.changed() // the verbose bodies show every run's duration and time
}
