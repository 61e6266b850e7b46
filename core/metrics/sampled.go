package metrics

import (
	"math"
	"sync/atomic"
)

// Sampled is a value that a sampler sets now and then (every few seconds)
// and many scrapes read: it is rendered when set, so a scrape copies bytes
// instead of formatting a float. Set allocates when the value changes;
// Value and scrapes allocate nothing. Its methods are safe for concurrent
// use. A counter's Sampled must only be set to values that do not go down.
// Get one from NewSampledGauge or NewSampledCounter; one not registered
// keeps its value and renders nothing.
type Sampled struct {
	names *[3]string // the series' names, per Format; set at registration
	head  [3]string  // its family's head, per Format; set at registration
	p     atomic.Pointer[sampledText]
}

// sampledText is a value with its series' lines, replaced whole on Set.
type sampledText struct {
	v    float64
	line [3]string // per Format: name, labels, value and, in text, '\n'
	// whole is line after the family's head, in the text formats: what a
	// family of this one series renders.
	whole [3]string
}

// Set sets the value and renders it.
func (s *Sampled) Set(v float64) {
	if t := s.p.Load(); t != nil && math.Float64bits(t.v) == math.Float64bits(v) {
		return
	}
	s.render(v)
}

// render renders the series' lines with value v.
func (s *Sampled) render(v float64) {
	t := &sampledText{v: v}
	if s.names == nil {
		s.p.Store(t)
		return
	}
	var b []byte
	for _, f := range [...]Format{FormatPrometheus, FormatOpenMetrics} {
		if f == FormatOpenMetrics && s.names[f] == s.names[FormatPrometheus] {
			t.line[f] = t.line[FormatPrometheus]
			t.whole[f] = s.head[f] + t.line[f]
			continue
		}
		b = append(appendFloat(append(b[:0], s.names[f]...), v), '\n')
		t.line[f] = string(b)
		t.whole[f] = s.head[f] + t.line[f]
	}
	t.line[FormatJSON] = string(appendJSONFloat(append(b[:0], s.names[FormatJSON]...), v))
	s.p.Store(t)
}

// Value returns the value last set, 0 before the first Set.
func (s *Sampled) Value() float64 {
	if t := s.p.Load(); t != nil {
		return t.v
	}
	return 0
}

// line returns the series rendered in format f.
func (s *Sampled) line(f Format) string { return s.p.Load().line[f] }

// NewSampledGauge registers and returns a gauge whose value is rendered when
// set (see Sampled), with constant labels given as name, value pairs.
func (r *Registry) NewSampledGauge(name, help string, labels ...string) (*Sampled, error) {
	s := new(Sampled)
	if err := r.register(name, help, kindGauge, labels, &series{hx: &histNames{sampled: s}}, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// NewSampledCounter registers and returns a counter whose value is rendered
// when set (see Sampled), for a total read from elsewhere (CPU seconds,
// allocations) rather than counted here.
func (r *Registry) NewSampledCounter(name, help string, labels ...string) (*Sampled, error) {
	s := new(Sampled)
	if err := r.register(name, help, kindCounter, labels, &series{hx: &histNames{sampled: s}}, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// NewSampledCounterNotInOpenMetrics is NewSampledCounter for a counter that
// OpenMetrics cannot express: one whose name less "_total" is another
// family's name, as client_golang's go_memstats_alloc_bytes_total and the
// gauge go_memstats_alloc_bytes. OpenMetrics names a counter's family
// without "_total" and requires family names to be unique, so such a
// counter is rendered in Prometheus text and JSON and left out of
// OpenMetrics output (client_golang writes both and its OpenMetrics output
// is invalid, prometheus/client_golang#829).
func (r *Registry) NewSampledCounterNotInOpenMetrics(name, help string, labels ...string) (*Sampled, error) {
	s := new(Sampled)
	if err := r.register(name, help, kindTextCounter, labels, &series{hx: &histNames{sampled: s}}, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// whole returns the family of the one sampled or summary series hx belongs
// to, head included, in text format f.
func (hx *histNames) whole(f Format) string {
	if hx.sampled != nil {
		return hx.sampled.p.Load().whole[f]
	}
	return hx.summary.p.Load().whole[f]
}
