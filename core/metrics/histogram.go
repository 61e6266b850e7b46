package metrics

import (
	"math"
	"sync/atomic"
)

// Histogram counts observations, such as request durations, in fixed
// buckets. Its buckets are chosen at registration, so histograms come from
// Registry.NewHistogram (the zero Histogram has no buckets to count in).
// Observe is safe for concurrent use, allocates nothing and takes no lock.
type Histogram struct {
	upper  []float64       // ascending upper bounds, without +Inf
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64   // float64 bits
}

func newHistogram(upper []float64) *Histogram {
	return &Histogram{upper: upper, counts: make([]atomic.Uint64, len(upper)+1)}
}

// Observe records one observation of v: it lands in the first bucket whose
// upper bound is at least v, and is added to the sum. NaN lands in the +Inf
// bucket (and makes the sum NaN), as in client_golang.
func (h *Histogram) Observe(v float64) {
	i := 0
	if n := len(h.upper); n <= 16 {
		for i < n && !(v <= h.upper[i]) {
			i++
		}
	} else {
		lo, hi := 0, n
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if v <= h.upper[m] {
				hi = m
			} else {
				lo = m + 1
			}
		}
		i = lo
	}
	h.counts[i].Add(1)
	addFloat(&h.sum, v)
}

// Count returns the number of observations.
func (h *Histogram) Count() uint64 {
	var n uint64
	for i := range h.counts {
		n += h.counts[i].Load()
	}
	return n
}

// Sum returns the sum of the observations.
func (h *Histogram) Sum() float64 { return math.Float64frombits(h.sum.Load()) }
