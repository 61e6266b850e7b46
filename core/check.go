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
