package main

import (
	"math"
	"time"

	"github.com/healthlite/healthlite/bench/internal/runstats"
)

// counters is one reading of a running server's cumulative costs: its CPU
// time, and its allocations when it has a runstats side port.
type counters struct {
	cpu       time.Duration
	allocs    uint64
	hasAllocs bool // the server has a side port: allocs was read
}

// counters reads r's costs now: the side port first, then the CPU time.
func (r *running) counters() (counters, error) {
	var c counters
	if r.debugAddr != "" {
		st, err := runstats.Read(r.debugAddr)
		if err != nil {
			return c, err
		}
		c.allocs, c.hasAllocs = st.Allocs, true
	}
	cpu, err := cpuTime(r.pid)
	c.cpu = cpu
	return c, err
}

// cpuDuring runs load and returns the CPU time r used meanwhile and the
// wall time load took; the error is load's, or the CPU time's reading's.
func (r *running) cpuDuring(load func() error) (cpu, wall time.Duration, err error) {
	cpu0, err := cpuTime(r.pid)
	if err != nil {
		return 0, 0, err
	}
	t0 := time.Now()
	err = load()
	wall = time.Since(t0)
	if err != nil {
		return 0, wall, err
	}
	cpu1, err := cpuTime(r.pid)
	return cpu1 - cpu0, wall, err
}

// perRequest returns the CPU time and the allocations of each of n requests
// made between the readings a and b: 0 CPU when n is 0, and NaN
// allocations when n is 0 or the server has no side port.
func perRequest(a, b counters, n uint64) (time.Duration, float64) {
	if n == 0 {
		return 0, math.NaN()
	}
	allocs := math.NaN()
	if a.hasAllocs && b.hasAllocs {
		allocs = float64(b.allocs-a.allocs) / float64(n)
	}
	return (b.cpu - a.cpu) / time.Duration(n), allocs
}
