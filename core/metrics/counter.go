package metrics

import (
	"math"
	"strconv"
	"sync/atomic"
)

// Counter is a value that only goes up, such as requests served. Its methods
// are safe for concurrent use, allocate nothing and take no lock.
type Counter struct {
	n atomic.Uint64 // whole increments: Inc and integral Add
	f atomic.Uint64 // float64 bits of fractional or huge increments
}

// maxExact is the largest integer up to which every float64 integer is exact.
const maxExact = 1 << 53

// Inc adds 1 to the counter.
func (c *Counter) Inc() { c.n.Add(1) }

// Add adds v to the counter. Counters only go up, so negative values and NaN
// are ignored. Whole values below 2^53 cost one atomic add; others one
// compare-and-swap loop.
func (c *Counter) Add(v float64) {
	if !(v > 0) { // negative, zero or NaN
		return
	}
	if v < maxExact && v == math.Trunc(v) {
		c.n.Add(uint64(v))
		return
	}
	addFloat(&c.f, v)
}

// Value returns the counter's current value.
func (c *Counter) Value() float64 {
	return float64(c.n.Load()) + math.Float64frombits(c.f.Load())
}

// appendValue appends the value as Prometheus writes it.
func (c *Counter) appendValue(dst []byte) []byte {
	n, f := c.n.Load(), c.f.Load()
	if f == 0 && n < 1e6 {
		return strconv.AppendUint(dst, n, 10)
	}
	return appendFloat(dst, float64(n)+math.Float64frombits(f))
}

// addFloat adds v to the float64 stored as bits in p, lock-free.
func addFloat(p *atomic.Uint64, v float64) {
	for {
		old := p.Load()
		if p.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}
