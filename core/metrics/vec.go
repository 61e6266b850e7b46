package metrics

import (
	"strconv"
	"sync"
	"sync/atomic"
)

// vec is the label sets of a CounterVec or GaugeVec, each registered in the
// registry on first use. Lookups read an immutable list through an atomic
// pointer: no lock, no allocation.
type vec struct {
	r          *Registry
	name, help string
	kind       kind
	labels     []string // the label names
	max        int

	mu   sync.Mutex                  // serializes adding a label set
	list atomic.Pointer[[]vecSeries] // replaced, never changed
}

// vecSeries is one label set of a vec and its metric (*Counter or *Gauge).
type vecSeries struct {
	hash   uint64
	values []string
	metric any
}

// newVec validates the name and label names of a vector.
func newVec(r *Registry, name, help string, k kind, maxSeries int, labels []string) (*vec, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if len(labels) == 0 {
		return nil, newError(name, ErrInvalidLabels, "a vector needs at least one label name; use NewCounter or NewGauge for none")
	}
	if maxSeries < 1 {
		return nil, newError(name, ErrTooManySeries, "the cap on series is "+strconv.Itoa(maxSeries)+"; give at least 1")
	}
	pairs := make([]string, 0, 2*len(labels))
	for _, l := range labels {
		pairs = append(pairs, l, "")
	}
	if _, err := sortLabels(name, pairs, ""); err != nil {
		return nil, err
	}
	return &vec{r: r, name: name, help: help, kind: k, labels: append([]string(nil), labels...), max: maxSeries}, nil
}

// get returns the metric of the label values, registering it (newMetric
// makes it) on first use.
func (v *vec) get(values []string, newMetric func() (any, *series)) (any, error) {
	h := hashValues(values)
	if m := v.lookup(h, values); m != nil {
		return m, nil
	}
	if len(values) != len(v.labels) {
		return nil, newError(v.name, ErrInvalidLabels, strconv.Itoa(len(values))+" label values for "+strconv.Itoa(len(v.labels))+" label names")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if m := v.lookup(h, values); m != nil {
		return m, nil
	}
	var old []vecSeries
	if p := v.list.Load(); p != nil {
		old = *p
	}
	if len(old) >= v.max {
		return nil, newError(v.name, ErrTooManySeries, "the cap of "+strconv.Itoa(v.max)+" label sets is reached; label values must come from a small, fixed set")
	}
	pairs := make([]string, 0, 2*len(values))
	for i, l := range v.labels {
		pairs = append(pairs, l, values[i])
	}
	m, s := newMetric()
	if err := v.r.register(v.name, v.help, v.kind, pairs, s, nil); err != nil {
		return nil, err
	}
	next := make([]vecSeries, len(old), len(old)+1)
	copy(next, old)
	next = append(next, vecSeries{hash: h, values: append([]string(nil), values...), metric: m})
	v.list.Store(&next)
	return m, nil
}

// lookup returns the metric of values, or nil when they are new.
func (v *vec) lookup(h uint64, values []string) any {
	p := v.list.Load()
	if p == nil {
		return nil
	}
	for i := range *p {
		e := &(*p)[i]
		if e.hash == h && equal(e.values, values) {
			return e.metric
		}
	}
	return nil
}

// hashValues is FNV-1a over the values, each ended by a 0xff byte (which
// UTF-8 never has, so ("a", "b") and ("ab", "") differ).
func hashValues(values []string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range values {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * 1099511628211
		}
		h = (h ^ 0xff) * 1099511628211
	}
	return h
}

// Vec is a counter or gauge family whose label values are given at use:
// each label set's series is registered and pre-rendered on its first use,
// up to a cap, and every later use finds it without locking or allocating.
type Vec[M Counter | Gauge] struct{ v *vec }

// CounterVec is a counter family with labels given at use; see Vec.
type CounterVec = Vec[Counter]

// GaugeVec is a gauge family with labels given at use; see Vec.
type GaugeVec = Vec[Gauge]

// NewCounterVec registers a counter vector with the given label names and a
// cap on its label sets: With past the cap returns an error wrapping
// ErrTooManySeries. Label values should come from a small fixed set (status
// codes, methods), never from user input.
func (r *Registry) NewCounterVec(name, help string, maxSeries int, labelNames ...string) (*CounterVec, error) {
	if name == "_total" {
		return nil, newError(name, ErrInvalidName, "a counter needs a name before \"_total\"")
	}
	return newVecOf[Counter](r, name, help, kindCounter, maxSeries, labelNames)
}

// NewGaugeVec registers a gauge vector with the given label names and a
// cap on its label sets, as NewCounterVec does.
func (r *Registry) NewGaugeVec(name, help string, maxSeries int, labelNames ...string) (*GaugeVec, error) {
	return newVecOf[Gauge](r, name, help, kindGauge, maxSeries, labelNames)
}

func newVecOf[M Counter | Gauge](r *Registry, name, help string, k kind, maxSeries int, labels []string) (*Vec[M], error) {
	v, err := newVec(r, name, help, k, maxSeries, labels)
	if err != nil {
		return nil, err
	}
	return &Vec[M]{v}, nil
}

// With returns the counter or gauge of the label values, given in the
// order of the label names. The first use of a label set registers it (and
// allocates); every later one allocates nothing.
func (v *Vec[M]) With(values ...string) (*M, error) {
	m, err := v.v.get(values, newVecSeries[M])
	if err != nil {
		return nil, err
	}
	return m.(*M), nil
}

// newVecSeries makes a metric of a vector and its series.
func newVecSeries[M Counter | Gauge]() (any, *series) {
	m := new(M)
	switch c := any(m).(type) {
	case *Counter:
		return m, &series{counter: c}
	case *Gauge:
		return m, &series{gauge: c}
	}
	panic("unreachable")
}
