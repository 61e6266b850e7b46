package metricsconf

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/healthlite/healthlite/core/metrics"
)

// spec is one series, registered the same way in healthlite and client_golang.
type spec struct {
	kind    string // counter, gauge, histogram
	name    string
	help    string
	labels  []string // k1, v1, k2, v2
	values  []float64
	buckets []float64
}

// awkward label values: every character the formats must escape, Unicode,
// emptiness, and spacing the parsers must keep.
var awkward = []string{
	`quote"inside`, `back\slash`, "new\nline", `\n literal`, "ünïcødé ✓ 日本", "", "tab\there", " spaced ", "}{,=", "\\\"\n\\",
}

// differentialSpecs covers every metric type with the values that trip up
// float formatting: NaN, ±Inf, the largest and smallest floats, -0, values
// that print with exponents, and sums of inexact decimals.
func differentialSpecs() []spec {
	var specs []spec
	for i, v := range awkward {
		specs = append(specs, spec{kind: "counter", name: "diff_requests_total", help: "Requests with \\ and\nnewline in help.", labels: []string{"path", v, "idx", string(rune('a' + i))}, values: []float64{1, float64(i)}})
	}
	for i, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.Copysign(0, -1), 1e-7, 1e21, 123456789.125, 0.1 + 0.2, 1e6, 999999, -1, 1} {
		specs = append(specs, spec{kind: "gauge", name: "diff_value", help: "Awkward floats.", labels: []string{"case", string(rune('A' + i))}, values: []float64{v}})
	}
	specs = append(specs,
		spec{kind: "counter", name: "diff_big_total", help: "", values: []float64{1e21, 0.5}},
		spec{kind: "counter", name: "diff_inf_total", help: "Infinite.", values: []float64{math.Inf(1)}},
		spec{kind: "counter", name: "diff_fraction_total", help: "Fractions.", values: []float64{0.1, 0.2, 3}},
		spec{kind: "counter", name: "diff_untotalled", help: "A counter without the suffix.", values: []float64{7}},
		spec{kind: "gauge", name: "diff_unlabelled", help: "No labels.", values: []float64{-3.25}},
		spec{kind: "histogram", name: "diff_latency_seconds", help: "Latency.", labels: []string{"route", awkward[0], "method", "GET"},
			buckets: []float64{0.005, 0.01, 0.1, 1, 10}, values: []float64{0.001, 0.005, 0.05, 0.5, 5, 50, 1e-9}},
		spec{kind: "histogram", name: "diff_latency_seconds", help: "Latency.", labels: []string{"route", awkward[2], "method", "POST"},
			buckets: []float64{0.005, 0.01, 0.1, 1, 10}, values: []float64{math.Inf(1), 0.01, 10}},
		spec{kind: "histogram", name: "diff_nan_hist", help: "NaN observed.", buckets: []float64{-1, 0, 1e6, 1e21},
			values: []float64{math.NaN(), -5, 0, 2e6}},
		spec{kind: "histogram", name: "diff_empty_hist", help: "Nothing observed.", buckets: []float64{1}},
	)
	return specs
}

// healthliteRegistry registers specs in a healthlite registry.
func healthliteRegistry(t testing.TB, specs []spec) *metrics.Registry {
	t.Helper()
	r := metrics.NewRegistry()
	for _, s := range specs {
		switch s.kind {
		case "counter":
			c, err := r.NewCounter(s.name, s.help, s.labels...)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range s.values {
				c.Add(v)
			}
		case "gauge":
			g, err := r.NewGauge(s.name, s.help, s.labels...)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range s.values {
				g.Set(v)
			}
		case "histogram":
			h, err := r.NewHistogram(s.name, s.help, s.buckets, s.labels...)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range s.values {
				h.Observe(v)
			}
		}
	}
	return r
}

// clientGolangRegistry registers the same specs in client_golang.
func clientGolangRegistry(t testing.TB, specs []spec) *prometheus.Registry {
	t.Helper()
	r := prometheus.NewPedanticRegistry()
	for _, s := range specs {
		cl := prometheus.Labels{}
		for i := 0; i < len(s.labels); i += 2 {
			cl[s.labels[i]] = s.labels[i+1]
		}
		var c prometheus.Collector
		switch s.kind {
		case "counter":
			m := prometheus.NewCounter(prometheus.CounterOpts{Name: s.name, Help: s.help, ConstLabels: cl})
			for _, v := range s.values {
				m.Add(v)
			}
			c = m
		case "gauge":
			m := prometheus.NewGauge(prometheus.GaugeOpts{Name: s.name, Help: s.help, ConstLabels: cl})
			for _, v := range s.values {
				m.Set(v)
			}
			c = m
		case "histogram":
			m := prometheus.NewHistogram(prometheus.HistogramOpts{Name: s.name, Help: s.help, ConstLabels: cl, Buckets: s.buckets})
			for _, v := range s.values {
				m.Observe(v)
			}
			c = m
		}
		if err := r.Register(c); err != nil {
			t.Fatalf("client_golang refuses %s %v: %v", s.name, s.labels, err)
		}
	}
	return r
}

// encodeClientGolang gathers and encodes as promhttp does.
func encodeClientGolang(t testing.TB, r *prometheus.Registry, f expfmt.Format) []byte {
	t.Helper()
	mfs, err := r.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, f)
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			t.Fatal(err)
		}
	}
	if c, ok := enc.(expfmt.Closer); ok {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestDifferentialPrometheusText(t *testing.T) {
	differential(t, "text 0.0.4", differentialSpecs(), (*metrics.Registry).AppendPrometheus, expfmt.TypeTextPlain, parseText)
}

// differential renders specs with healthlite (ours) and with client_golang
// in format, parses both with parse, and compares them sample by sample.
func differential(t *testing.T, what string, specs []spec, ours func(*metrics.Registry, []byte) []byte,
	format expfmt.FormatType, parse func(testing.TB, []byte) *exposition) {
	t.Helper()
	theirs := encodeClientGolang(t, clientGolangRegistry(t, specs), expfmt.NewFormat(format))
	got, want := parse(t, ours(healthliteRegistry(t, specs), nil)), parse(t, theirs)
	if len(want.samples) < 50 {
		t.Fatalf("client_golang produced only %d samples", len(want.samples))
	}
	compare(t, what, got, want)
}

func TestDifferentialOpenMetrics(t *testing.T) {
	// A counter named without "_total" is the one intended difference:
	// client_golang downgrades it to an "unknown" family to keep the sample
	// name, healthlite keeps it a counter and names the sample with "_total"
	// as OpenMetrics requires (TestOpenMetricsCounterWithoutSuffix).
	var specs []spec
	for _, s := range differentialSpecs() {
		if s.kind != "counter" || strings.HasSuffix(s.name, "_total") {
			specs = append(specs, s)
		}
	}
	differential(t, "OpenMetrics 1.0", specs, (*metrics.Registry).AppendOpenMetrics, expfmt.TypeOpenMetrics, parseOpenMetrics)
}

// TestTextBytesMatchClientGolang compares the text format byte for byte,
// line by line (as sorted sets: the two libraries order series with
// escaped label values differently, and order is checked elsewhere). Equal
// lines prove floats, escaping and histogram lines are written exactly as
// Prometheus' own encoder writes them. The one difference allowed: healthlite
// omits an empty "# HELP name " line.
func TestTextBytesMatchClientGolang(t *testing.T) {
	specs := differentialSpecs()
	ours := strings.Split(string(healthliteRegistry(t, specs).AppendPrometheus(nil)), "\n")
	var theirs []string
	for _, line := range strings.Split(string(encodeClientGolang(t, clientGolangRegistry(t, specs), expfmt.NewFormat(expfmt.TypeTextPlain))), "\n") {
		if strings.HasPrefix(line, "# HELP ") && strings.Count(line, " ") == 3 && strings.HasSuffix(line, " ") {
			continue // empty help
		}
		theirs = append(theirs, line)
	}
	if len(theirs) < 70 {
		t.Fatalf("client_golang wrote only %d lines", len(theirs))
	}
	sort.Strings(ours)
	sort.Strings(theirs)
	if strings.Join(ours, "\n") != strings.Join(theirs, "\n") {
		for i := 0; i < len(ours) || i < len(theirs); i++ {
			var o, w string
			if i < len(ours) {
				o = ours[i]
			}
			if i < len(theirs) {
				w = theirs[i]
			}
			if o != w {
				t.Errorf("line %d:\nhealthlite    %q\nclient_golang %q", i, o, w)
			}
		}
	}
}
