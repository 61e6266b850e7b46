package metrics

import (
	"math"
	"sync/atomic"
)

// Sampled is a value that a sampler sets now and then (every few seconds)
// and many scrapes read: it is rendered when set, so a scrape copies bytes
// instead of formatting a float. Consecutive families (in name order) whose
// series are all sampled are rendered together, heads included, into one
// block per text format, which a scrape appends with one copy; set many
// values inside [Registry.Batch] to render that block once rather than at
// each Set. Set allocates when the value changes; Value and scrapes allocate
// nothing. Its methods are safe for concurrent use. A counter's Sampled must
// only be set to values that do not go down. Get one from NewSampledGauge or
// NewSampledCounter; one not registered keeps its value and renders nothing.
type Sampled struct {
	reg  *Registry // set by its constructor, before anyone else sees it
	bits atomic.Uint64
}

// Set sets the value and renders it (at the end of the Batch it is in).
func (s *Sampled) Set(v float64) {
	b := math.Float64bits(v)
	if s.reg == nil {
		s.bits.Store(b)
		return
	}
	s.reg.mu.Lock()
	defer s.reg.mu.Unlock()
	if s.bits.Load() == b {
		return
	}
	s.bits.Store(b)
	s.reg.sampledChanged()
}

// Value returns the value last set, 0 before the first Set.
func (s *Sampled) Value() float64 { return math.Float64frombits(s.bits.Load()) }

// NewSampledGauge registers and returns a gauge whose value is rendered when
// set (see Sampled), with constant labels given as name, value pairs.
func (r *Registry) NewSampledGauge(name, help string, labels ...string) (*Sampled, error) {
	return r.newSampled(name, help, kindGauge, labels)
}

// NewSampledCounter registers and returns a counter whose value is rendered
// when set (see Sampled), for a total read from elsewhere (CPU seconds,
// allocations) rather than counted here.
func (r *Registry) NewSampledCounter(name, help string, labels ...string) (*Sampled, error) {
	return r.newSampled(name, help, kindCounter, labels)
}

// NewSampledCounterUnknownInOpenMetrics is NewSampledCounter for a counter
// whose name less "_total" is another family's name, as client_golang's
// go_memstats_alloc_bytes_total beside the gauge go_memstats_alloc_bytes.
// OpenMetrics names a counter's family without "_total" and requires family
// names to be unique, so it cannot call this one a counter: OpenMetrics
// output writes it as a family of type unknown under its full name (the
// sample is the same, go_memstats_alloc_bytes_total, so queries find it);
// Prometheus text and JSON write it as a counter. Its only claimed name is
// its own.
func (r *Registry) NewSampledCounterUnknownInOpenMetrics(name, help string, labels ...string) (*Sampled, error) {
	return r.newSampled(name, help, kindUnknownCounter, labels)
}

func (r *Registry) newSampled(name, help string, k kind, labels []string) (*Sampled, error) {
	enableRuns()
	s := &Sampled{reg: r}
	if err := r.register(name, help, k, labels, &series{hx: &histNames{sampled: s}}, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// Batch calls fn, which sets sampled values of r (Sampled and
// SampledSummary), and renders what changed once, when fn returns, instead
// of at each Set: a sampler that sets thirty values re-renders their block
// once. Scrapes during fn see the values from before it, so every value a
// scrape shows comes from one sample. Batches may nest and run
// concurrently; rendering waits for the last to end.
func (r *Registry) Batch(fn func()) {
	r.mu.Lock()
	r.batch++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.batch--; r.batch == 0 && r.dirty {
			r.dirty = false
			r.renderRuns()
		}
	}()
	fn()
}

// sampledChanged re-renders the sampled blocks, or marks them for the end
// of the batch. r.mu is held.
func (r *Registry) sampledChanged() {
	if r.batch > 0 {
		r.dirty = true
		return
	}
	r.renderRuns()
}
