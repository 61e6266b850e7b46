package wasm

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/sys"
)

// Check is a loaded module. It implements core.Checker, so the scheduler
// runs it like any other check. It is safe for concurrent use: concurrent
// runs of a reactor use different pooled instances.
type Check struct {
	name     string
	opts     Options
	timeout  time.Duration
	log      *slog.Logger
	kind     Kind
	runtime  wazero.Runtime
	cache    wazero.CompilationCache
	compiled wazero.CompiledModule
	net      *network
	exp      *exporter // nil without Options.Metrics

	mu      sync.Mutex
	idle    []*instance
	closed  bool
	last    []Metric // metrics of the newest finished run
	names   []string // interned metric names, so steady runs do not allocate
	message string   // the previous message, reused when the guest repeats it
}

// Metric is a gauge a run set: a validated name and its value.
type Metric struct {
	Name  string
	Value float64
}

// Name returns the check name given in Options.Name (or "wasm").
func (c *Check) Name() string { return c.name }

// Kind reports whether the module is a reactor or a command.
func (c *Check) Kind() Kind { return c.kind }

// LastMetrics returns a copy of the metrics the newest finished run set, in
// the order it first set them.
func (c *Check) LastMetrics() []Metric {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Metric(nil), c.last...)
}

// Check runs the module once and fills r. The run ends at Options.Timeout
// or ctx's deadline, whichever is first. A trap, timeout or host-call error
// yields StatusFail with a message saying what happened; the instance that
// failed is discarded, so the next run starts from a fresh one.
func (c *Check) Check(ctx context.Context, r *core.Result) {
	start := time.Now()
	if d, ok := ctx.Deadline(); !ok || d.Sub(start) > c.timeout {
		// The caller's deadline (the scheduler's, usually) is used as it is
		// when it comes first, saving a timer per run.
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, start.Add(c.timeout))
		defer cancel()
	}
	*r = core.Result{}
	switch c.kind {
	case Reactor:
		inst := c.runReactor(ctx, start, r)
		c.finish(inst.stateOrNil(), r)
		if inst != nil {
			c.release(inst)
		}
	case Command:
		c.finish(c.runCommand(ctx, start, r), r)
	}
}

// finish publishes the metrics and message of a run that completed; st is
// nil for a run that failed, whose message is already in r.
func (c *Check) finish(st *runState, r *core.Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = c.last[:0]
	if st == nil {
		return
	}
	for i := 0; i < st.nmetrics; i++ {
		m := &st.metrics[i]
		name := c.intern(m.name)
		c.last = append(c.last, Metric{Name: name, Value: m.value})
		c.export(name, m.value)
	}
	msg := c.internMessage(st.message)
	for _, note := range [2]string{st.note, st.connNote(c.net.maxConns)} {
		if note == "" {
			continue
		}
		if msg == "" {
			msg = note
		} else {
			msg += " (" + note + ")"
		}
	}
	if st.denied != "" && r.Status != core.StatusPass {
		if msg == "" {
			msg = deniedNote(st.denied)
		} else {
			msg = deniedNote(st.denied) + ": " + msg
		}
	}
	r.Message = msg
	if len(c.last) > 0 {
		r.Value, r.HasValue = c.last[0].Value, true
	}
}

// intern returns a string equal to b, reusing an earlier one when possible.
func (c *Check) intern(b []byte) string {
	for _, s := range c.names {
		if s == string(b) {
			return s
		}
	}
	s := string(b)
	if len(c.names) < 4*MaxMetrics {
		c.names = append(c.names, s)
	}
	return s
}

func (c *Check) internMessage(b []byte) string {
	if c.message != string(b) {
		c.message = validMessage(b)
	}
	return c.message
}

// Close releases the runtime, its instances and the network connections.
// Runs in progress end with an error.
func (c *Check) Close(ctx context.Context) error {
	c.mu.Lock()
	c.closed = true
	c.idle = nil
	c.mu.Unlock()
	err := c.runtime.Close(ctx)
	if c.cache != nil {
		if cerr := c.cache.Close(ctx); err == nil {
			err = cerr
		}
	}
	c.net.close()
	return err
}

// runError turns an error from wazero into a short result message.
func runError(ctx context.Context, start time.Time, err error) string {
	var exit *sys.ExitError
	if ctx.Err() != nil && (errors.As(err, &exit) || errors.Is(err, context.DeadlineExceeded)) {
		return timeoutMessage(ctx, start)
	}
	if errors.As(err, &exit) {
		return "exited with code " + strconv.FormatUint(uint64(exit.ExitCode()), 10)
	}
	if errors.Is(err, errClosed) {
		return err.Error()
	}
	msg := firstLine(err.Error())
	msg, _ = trimPrefix(msg, "wasm error: ")
	return "trap: " + msg
}

func trimPrefix(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return s, false
}

// timeoutMessage says "timeout after 2s" with the budget the run had.
func timeoutMessage(ctx context.Context, start time.Time) string {
	if errors.Is(ctx.Err(), context.Canceled) {
		return "canceled"
	}
	budget := time.Since(start)
	if d, ok := ctx.Deadline(); ok {
		budget = d.Sub(start)
	}
	return "timeout after " + roundBudget(budget).String()
}

// roundBudget rounds a deadline budget for people: a caller's 2s deadline
// seen a few microseconds into the run reads "2s", not "1.999987s".
func roundBudget(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(10 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Microsecond)
}

// statusOf maps a Nagios code to a status, and says when the code is odd.
func statusOf(code int64, what string) (core.Status, string) {
	switch code {
	case 0:
		return core.StatusPass, ""
	case 1:
		return core.StatusWarn, ""
	case 2:
		return core.StatusFail, ""
	case 3:
		return core.StatusUnknown, ""
	}
	return core.StatusUnknown, what + " " + strconv.FormatInt(code, 10) + " is not a status (0 pass, 1 warn, 2 fail, 3 unknown)"
}
