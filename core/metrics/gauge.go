package metrics

import (
	"math"
	"sync/atomic"
)

// Gauge is a value that goes up and down, such as queue length or
// temperature. It holds a float64 in atomic bits: its methods are safe for
// concurrent use, allocate nothing and take no lock.
type Gauge struct {
	bits atomic.Uint64
}

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

// Add adds v (which may be negative) to the gauge.
func (g *Gauge) Add(v float64) { addFloat(&g.bits, v) }

// Value returns the gauge's current value.
func (g *Gauge) Value() float64 { return math.Float64frombits(g.bits.Load()) }
