// Package coretest holds what tests of code that uses core need and
// programs do not: a Clock that moves only when told to, and the one way
// healthlite's tests wait for a condition (WaitUntil, WaitFor). Like core,
// it imports only what TinyGo and core's import list allow (not even
// package testing: its waits take a TB), so core's own tests use it too.
package coretest

import (
	"sync"
	"time"

	"github.com/healthlite/healthlite/core/internal/clock"
)

// ManualClock is a Clock that only moves when Advance is called, so that
// tests of intervals, timeouts and TTLs run in microseconds and never
// depend on how busy the machine is.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*manualTimer
}

// NewManualClock returns a ManualClock that reads start until advanced.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a timer that fires when the clock has been advanced by d;
// a timer for d <= 0 fires at once.
func (c *ManualClock) NewTimer(d time.Duration) clock.Timer {
	t := &manualTimer{c: c, ch: make(chan time.Time, 1)}
	c.mu.Lock()
	t.at = c.now.Add(d)
	if d <= 0 {
		t.ch <- c.now
		c.mu.Unlock()
		return t
	}
	c.timers = append(c.timers, t)
	c.mu.Unlock()
	return t
}

// Advance moves the clock forward by d and fires, in order of their
// deadlines, every timer that is due.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*manualTimer
	kept := c.timers[:0]
	for _, t := range c.timers {
		if !t.at.After(c.now) {
			due = append(due, t)
		} else {
			kept = append(kept, t)
		}
	}
	for i := len(kept); i < len(c.timers); i++ {
		c.timers[i] = nil
	}
	c.timers = kept
	now := c.now
	c.mu.Unlock()
	for i := 1; i < len(due); i++ { // insertion sort: stable, and few timers
		for j := i; j > 0 && due[j].at.Before(due[j-1].at); j-- {
			due[j], due[j-1] = due[j-1], due[j]
		}
	}
	for _, t := range due {
		select {
		case t.ch <- now:
		default:
		}
	}
}

// Timers returns how many timers are waiting to fire. Tests use it to know
// that a goroutine has armed its timer before they advance the clock.
func (c *ManualClock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

type manualTimer struct {
	c  *ManualClock
	at time.Time
	ch chan time.Time
}

func (t *manualTimer) C() <-chan time.Time { return t.ch }

func (t *manualTimer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.timers {
		if x == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}
