package metrics

import (
	"math"
	"sync/atomic"

	"github.com/healthlite/healthlite/core/internal/floatfmt"
)

// SampledSummary is a summary, quantiles with a sum and a count, that a
// sampler sets whole now and then (client_golang's go_gc_duration_seconds):
// it is rendered when set (at the end of the Batch it is in, with the other
// sampled values; see Sampled), so a scrape copies bytes. Set allocates;
// scrapes allocate nothing. Its methods are safe for concurrent use. Get one
// from NewSampledSummary; one not registered ignores Set.
type SampledSummary struct {
	quantiles []float64
	reg       *Registry // set by its constructor
	s         *series   // its names; set at registration
	p         atomic.Pointer[summaryText]
}

// summaryText is a summary's series rendered, replaced whole on Set.
type summaryText struct {
	block [3]string // per Format; JSON's leaves the series object open
}

// Set sets the value of each quantile (in the order given at registration;
// NaN for those values leaves out), the sum and the count of observations.
// Prometheus text writes the count as a float, OpenMetrics as an integer.
func (s *SampledSummary) Set(values []float64, sum float64, count uint64) {
	if s.reg == nil {
		return
	}
	s.reg.mu.Lock()
	defer s.reg.mu.Unlock()
	if s.s == nil { // being registered
		return
	}
	s.render(values, sum, count)
	s.reg.sampledChanged()
}

// render renders the series with these values. s.reg.mu is held.
func (s *SampledSummary) render(values []float64, sum float64, count uint64) {
	hx := s.s.hx
	t := &summaryText{}
	var b []byte
	for _, f := range [...]Format{FormatPrometheus, FormatOpenMetrics, FormatJSON} {
		b = b[:0]
		if f == FormatJSON {
			b = append(b, s.s.text[FormatJSON]...)
		}
		for i := range s.quantiles {
			v := math.NaN()
			if i < len(values) {
				v = values[i]
			}
			b = append(b, hx.buckets[f][i]...)
			if f == FormatJSON {
				b = appendJSONFloat(b, v)
				continue
			}
			b = append(appendFloat(b, v), '\n')
		}
		switch f {
		case FormatJSON:
			b = append(b, `},"count":`...)
			b = appendUint(b, count)
			b = append(b, `,"sum":`...)
			b = appendJSONFloat(b, sum)
		default:
			b = append(appendFloat(append(b, hx.sum...), sum), '\n')
			b = append(appendTextCount(append(b, hx.count...), count, f == FormatOpenMetrics), '\n')
		}
		t.block[f] = string(b)
	}
	s.p.Store(t)
}

// NewSampledSummary registers and returns a summary with the given
// quantiles (each in [0, 1], strictly ascending) and constant labels given
// as name, value pairs; the label "quantile" is reserved. Until its first
// Set its quantiles are NaN and its sum and count 0.
func (r *Registry) NewSampledSummary(name, help string, quantiles []float64, labels ...string) (*SampledSummary, error) {
	for i, q := range quantiles {
		if !(q >= 0 && q <= 1) || i > 0 && q <= quantiles[i-1] {
			return nil, newError(name, ErrInvalidBuckets, "quantile "+string(floatfmt.Append(nil, q))+" is not in [0, 1] or not above the one before")
		}
	}
	enableRuns()
	s := &SampledSummary{quantiles: append([]float64(nil), quantiles...), reg: r}
	if err := r.register(name, help, kindSummary, labels, &series{hx: &histNames{summary: s}}, s.quantiles); err != nil {
		return nil, err
	}
	return s, nil
}
