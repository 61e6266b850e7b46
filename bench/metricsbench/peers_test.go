package metricsbench

import (
	"bytes"
	"testing"

	vm "github.com/VictoriaMetrics/metrics"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/healthlite/healthlite/core/metrics"
)

// newHealthlite registers the workload in a healthlite registry.
func newHealthlite(tb testing.TB) *metrics.Registry {
	r := metrics.NewRegistry()
	for _, s := range Counters() {
		c, err := r.NewCounter(CounterName, CounterHelp, s.Labels[:]...)
		if err != nil {
			tb.Fatal(err)
		}
		c.Add(s.Count)
	}
	for _, s := range Histograms() {
		h, err := r.NewHistogram(HistogramName, HistogramHelp, Buckets, s.Labels[:]...)
		if err != nil {
			tb.Fatal(err)
		}
		for _, v := range s.Observe {
			h.Observe(v)
		}
	}
	return r
}

// newClientGolang registers the workload in client_golang, with vectors as
// client_golang users write it.
func newClientGolang(tb testing.TB) *prometheus.Registry {
	r := prometheus.NewRegistry()
	cv := prometheus.NewCounterVec(prometheus.CounterOpts{Name: CounterName, Help: CounterHelp}, []string{"code", "handler"})
	hv := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: HistogramName, Help: HistogramHelp, Buckets: Buckets}, []string{"handler", "method"})
	r.MustRegister(cv, hv)
	for _, s := range Counters() {
		cv.WithLabelValues(s.Labels[1], s.Labels[3]).Add(s.Count)
	}
	for _, s := range Histograms() {
		h := hv.WithLabelValues(s.Labels[1], s.Labels[3])
		for _, v := range s.Observe {
			h.Observe(v)
		}
	}
	return r
}

// scrapeClientGolang is what promhttp does per scrape: Gather, then encode
// each family with expfmt in the negotiated format.
func scrapeClientGolang(tb testing.TB, r *prometheus.Registry, buf *bytes.Buffer) {
	mfs, err := r.Gather()
	if err != nil {
		tb.Fatal(err)
	}
	enc := expfmt.NewEncoder(buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			tb.Fatal(err)
		}
	}
}

// newVictoriaMetrics registers the workload in a VictoriaMetrics set, with
// Prometheus-style histograms and metadata (HELP and TYPE lines) exposed.
func newVictoriaMetrics() *vm.Set {
	vm.ExposeMetadata(true)
	s := vm.NewSet()
	for _, c := range Counters() {
		s.NewCounter(CounterName + `{` + c.Labels[0] + `="` + c.Labels[1] + `",` + c.Labels[2] + `="` + c.Labels[3] + `"}`).Set(uint64(c.Count))
	}
	for _, h := range Histograms() {
		ph := s.NewPrometheusHistogramExt(HistogramName+`{`+h.Labels[0]+`="`+h.Labels[1]+`",`+h.Labels[2]+`="`+h.Labels[3]+`"}`, Buckets)
		for _, v := range h.Observe {
			ph.Update(v)
		}
	}
	return s
}

// TestPeersExposeTheSameSamples makes the comparison fair: every peer's
// scrape parses (with expfmt) to the same samples, and the reference writes
// exactly healthlite's bytes.
func TestPeersExposeTheSameSamples(t *testing.T) {
	hl := newHealthlite(t).AppendPrometheus(nil)
	ref := NewReference().AppendPrometheus(nil)
	if !bytes.Equal(hl, ref) {
		t.Fatalf("reference and healthlite differ:\n%s\n----\n%s", ref, hl)
	}
	var cg, v bytes.Buffer
	scrapeClientGolang(t, newClientGolang(t), &cg)
	newVictoriaMetrics().WritePrometheus(&v)

	want := samples(t, hl)
	if n := len(want); n != 200+20*13 {
		t.Fatalf("healthlite exposes %d samples; want 460", n)
	}
	for name, out := range map[string][]byte{"client_golang": cg.Bytes(), "VictoriaMetrics": v.Bytes()} {
		got := samples(t, out)
		if len(got) != len(want) {
			t.Errorf("%s: %d samples; healthlite %d", name, len(got), len(want))
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || g != w {
				t.Errorf("%s: %s = %v (present %v); healthlite %v", name, k, g, ok, w)
			}
		}
	}
}

// samples parses text format with expfmt into name{labels} → value.
func samples(t *testing.T, b []byte) map[string]float64 {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("expfmt: %v\n%s", err, b)
	}
	out := map[string]float64{}
	for name, mf := range fams {
		for _, m := range mf.GetMetric() {
			var ls string
			for _, l := range m.GetLabel() {
				ls += l.GetName() + "=" + l.GetValue() + ","
			}
			switch {
			case m.Counter != nil:
				out[name+"{"+ls+"}"] = m.GetCounter().GetValue()
			case m.Histogram != nil:
				h := m.GetHistogram()
				for _, b := range h.GetBucket() {
					out[name+"_bucket{"+ls+"le="+formatFloat(b.GetUpperBound())+"}"] = float64(b.GetCumulativeCount())
				}
				out[name+"_sum{"+ls+"}"] = h.GetSampleSum()
				out[name+"_count{"+ls+"}"] = float64(h.GetSampleCount())
			}
		}
	}
	return out
}
