package core

import "context"

// Result is what a check reports: a status, a short human message and,
// optionally, an observed value (a latency, a queue depth) for metrics.
//
// A Checker fills in the Result it is given; the scheduler resets it before
// every run, so a check that sets nothing reports StatusUnknown.
type Result struct {
	Status   Status
	Message  string
	Value    float64
	HasValue bool
}

// Checker is an active health check. The scheduler calls Check on the check's
// own interval, never on the probe path, with a context whose deadline is the
// check's timeout. A Checker should return when ctx is done; one that does not
// is abandoned and reported as failed ("timeout after 2s").
type Checker interface {
	Check(ctx context.Context, r *Result)
}

// CheckFunc adapts an ordinary function to the Checker interface.
type CheckFunc func(ctx context.Context, r *Result)

// Check calls f(ctx, r).
func (f CheckFunc) Check(ctx context.Context, r *Result) { f(ctx, r) }

// ErrorFunc adapts a function that returns an error, such as a client's
// Ping, to the Checker interface: nil passes, an error fails with its text
// as the message.
//
//	h.Register(core.CheckConfig{Name: "db", Check: core.ErrorFunc(db.PingContext)})
//
// Use CheckFunc to report warn or unknown, or a value for metrics.
type ErrorFunc func(ctx context.Context) error

// Check calls f(ctx) and reports pass, or fail with the error's text.
func (f ErrorFunc) Check(ctx context.Context, r *Result) {
	if err := f(ctx); err != nil {
		r.Status, r.Message = StatusFail, err.Error()
		return
	}
	r.Status = StatusPass
}
