//go:build tinygo

package core

import (
	"context"
	"sync/atomic"
	"time"
)

// Under TinyGo the scheduler's contexts are lightContexts, not the context
// package's: its cancelCtx and timerCtx have String methods that the
// runtime's panic printer keeps reachable, and they bring reflection and
// the time zone code, some 8 KB of a microcontroller's flash.

// lightContext is a context cancelled by its cancel function (and, when
// its parent can be cancelled, by the parent). It has no timer of its own:
// runOnce's timer cancels a run at its deadline, and Err then reports
// context.DeadlineExceeded. Values come from the parent; context.Cause of
// a lightContext is the nearest context package ancestor's cause, or Err.
//
// The deadline is kept in Unix nanoseconds, not as a time.Time: a type
// stored in an interface keeps the String methods of its fields' types
// reachable from the runtime's panic printer, and time.Time's brings the
// time zone code and reflection (some 16 KB of flash).
type lightContext struct {
	parent   context.Context
	deadline int64 // Unix nanoseconds; 0 for none
	done     chan struct{}
	closed   atomic.Bool
	err      error // set before done is closed
}

func (c *lightContext) Deadline() (time.Time, bool) {
	if c.deadline == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, c.deadline), true
}

func (c *lightContext) Done() <-chan struct{} { return c.done }
func (c *lightContext) Value(key any) any     { return c.parent.Value(key) }

func (c *lightContext) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// cancel closes done once, with err.
func (c *lightContext) cancel(err error) {
	if c.closed.CompareAndSwap(false, true) {
		c.err = err
		close(c.done)
	}
}

// withCancel is context.WithCancel for the scheduler. A parent that can be
// cancelled is watched by a goroutine until either is done.
func withCancel(parent context.Context) (context.Context, context.CancelFunc) {
	c := &lightContext{parent: parent, done: make(chan struct{})}
	if pd := parent.Done(); pd != nil {
		go func() {
			select {
			case <-pd:
				c.cancel(parent.Err())
			case <-c.done:
			}
		}()
	}
	return c, func() { c.cancel(context.Canceled) }
}

// withRunTimeout returns the context of one check run, whose parent is the
// scheduler's: runOnce cancels it when the run ends, times out or the
// scheduler stops, so it needs no goroutine of its own. With the system
// clock (real) it has a deadline of timeout.
func withRunTimeout(parent context.Context, timeout time.Duration, real bool) (context.Context, context.CancelFunc) {
	c := &lightContext{parent: parent, done: make(chan struct{})}
	if real {
		c.deadline = time.Now().Add(timeout).UnixNano()
	}
	return c, func() {
		err := context.Canceled
		if real && time.Now().UnixNano() >= c.deadline {
			err = context.DeadlineExceeded
		}
		c.cancel(err)
	}
}
