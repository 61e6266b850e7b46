package checks

import (
	"context"
	"errors"
	"time"
)

// round shortens d for messages: microseconds below a millisecond,
// milliseconds below ten seconds, whole seconds above.
func round(d time.Duration) time.Duration {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond)
	case d < 10*time.Second:
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}

// doneMessage says why ctx ended, for a check that started at start:
// "timeout after 2s" when its deadline passed, "canceled" otherwise.
func doneMessage(ctx context.Context, start time.Time) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if deadline, ok := ctx.Deadline(); ok {
			return timeoutMessage(max(deadline.Sub(start), 0))
		}
	}
	return "canceled"
}

// timeoutMessage is "timeout after " and the rounded timeout.
func timeoutMessage(timeout time.Duration) string {
	return "timeout after " + round(timeout).String()
}
