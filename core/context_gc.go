//go:build !tinygo

package core

import (
	"context"
	"time"
)

// withCancel is context.WithCancel.
func withCancel(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(parent)
}

// withRunTimeout returns the context of one check run: with a deadline of
// timeout when real (the system clock), else (a test's clock) only
// cancelled, by runOnce when that clock's timer fires.
func withRunTimeout(parent context.Context, timeout time.Duration, real bool) (context.Context, context.CancelFunc) {
	if real {
		return context.WithTimeout(parent, timeout)
	}
	return context.WithCancel(parent)
}
