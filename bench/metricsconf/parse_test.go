package metricsconf

import (
	"bytes"
	"errors"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"
)

// exposition is a parsed scrape: every sample by its series key, and each
// family's type and help.
type exposition struct {
	samples map[string]float64
	types   map[string]string
	helps   map[string]string
	order   []string // sample keys in the order they were read
}

func newExposition() *exposition {
	return &exposition{samples: map[string]float64{}, types: map[string]string{}, helps: map[string]string{}}
}

func (e *exposition) add(t testing.TB, key string, v float64) {
	t.Helper()
	if _, dup := e.samples[key]; dup {
		t.Fatalf("sample %s appears twice", key)
	}
	e.samples[key] = v
	e.order = append(e.order, key)
}

// seriesKey renders name{k="v",...} with labels sorted and values Go-quoted,
// so keys compare exactly whatever bytes the values hold.
func seriesKey(name string, ls map[string]string) string {
	names := make([]string, 0, len(ls))
	for k := range ls {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, k := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k + "=" + strconv.Quote(ls[k]))
	}
	b.WriteByte('}')
	return b.String()
}

// leKey normalises a bucket bound ("1.0" and "1" are the same bucket).
func leKey(t testing.TB, s string) string {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad le %q: %v", s, err)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// parseText parses Prometheus text 0.0.4 with expfmt, strictly (legacy names).
func parseText(t testing.TB, b []byte) *exposition {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("expfmt rejects the text format: %v\n%s", err, b)
	}
	return flatten(t, fams)
}

// flatten turns parsed families into samples keyed like the text format.
func flatten(t testing.TB, fams map[string]*dto.MetricFamily) *exposition {
	t.Helper()
	e := newExposition()
	for name, mf := range fams {
		e.types[name] = strings.ToLower(mf.GetType().String())
		e.helps[name] = mf.GetHelp()
		for _, m := range mf.GetMetric() {
			ls := map[string]string{}
			for _, lp := range m.GetLabel() {
				ls[lp.GetName()] = lp.GetValue()
			}
			switch mf.GetType() {
			case dto.MetricType_COUNTER:
				e.add(t, seriesKey(name, ls), m.GetCounter().GetValue())
			case dto.MetricType_GAUGE:
				e.add(t, seriesKey(name, ls), m.GetGauge().GetValue())
			case dto.MetricType_UNTYPED:
				e.add(t, seriesKey(name, ls), m.GetUntyped().GetValue())
			case dto.MetricType_HISTOGRAM:
				h := m.GetHistogram()
				sawInf := false
				for _, bk := range h.GetBucket() {
					le := strconv.FormatFloat(bk.GetUpperBound(), 'g', -1, 64)
					if math.IsInf(bk.GetUpperBound(), 1) {
						le, sawInf = "+Inf", true
					}
					e.add(t, seriesKey(name+"_bucket", with(ls, "le", le)), float64(bk.GetCumulativeCount()))
				}
				if !sawInf { // expfmt folds the +Inf bucket into the count
					e.add(t, seriesKey(name+"_bucket", with(ls, "le", "+Inf")), float64(h.GetSampleCount()))
				}
				e.add(t, seriesKey(name+"_sum", ls), h.GetSampleSum())
				e.add(t, seriesKey(name+"_count", ls), float64(h.GetSampleCount()))
			case dto.MetricType_SUMMARY:
				sm := m.GetSummary()
				for _, q := range sm.GetQuantile() {
					e.add(t, seriesKey(name, with(ls, "quantile", strconv.FormatFloat(q.GetQuantile(), 'g', -1, 64))), q.GetValue())
				}
				e.add(t, seriesKey(name+"_sum", ls), sm.GetSampleSum())
				e.add(t, seriesKey(name+"_count", ls), float64(sm.GetSampleCount()))
			default:
				t.Fatalf("unexpected family type %v", mf.GetType())
			}
		}
	}
	return e
}

func with(ls map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range ls {
		out[a] = b
	}
	return out
}

// parseOpenMetrics parses OpenMetrics 1.0 with Prometheus' own parser.
func parseOpenMetrics(t testing.TB, b []byte) *exposition {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("# EOF\n")) {
		t.Fatalf("OpenMetrics output does not end with # EOF:\n%s", b)
	}
	return parseWith(t, textparse.NewOpenMetricsParser(b, labels.NewSymbolTable()), b)
}

// parseWith reads every entry of a Prometheus textparse parser.
func parseWith(t testing.TB, p textparse.Parser, b []byte) *exposition {
	t.Helper()
	e := newExposition()
	for {
		et, err := p.Next()
		if errors.Is(err, io.EOF) {
			return e
		}
		if err != nil {
			t.Fatalf("Prometheus' %T rejects the output: %v\n%s", p, err, b)
		}
		switch et {
		case textparse.EntryType:
			name, typ := p.Type()
			e.types[string(name)] = string(typ)
		case textparse.EntryHelp:
			name, help := p.Help()
			e.helps[string(name)] = string(help)
		case textparse.EntrySeries:
			_, _, v := p.Series()
			var lset labels.Labels
			p.Labels(&lset)
			ls := lset.Map()
			name := ls[model.MetricNameLabel]
			delete(ls, model.MetricNameLabel)
			if le, ok := ls["le"]; ok && strings.HasSuffix(name, "_bucket") {
				if le != "+Inf" {
					ls["le"] = leKey(t, le)
				}
			}
			if q, ok := ls["quantile"]; ok { // OpenMetrics writes "0.0", text "0"
				ls["quantile"] = leKey(t, q)
			}
			e.add(t, seriesKey(name, ls), v)
		}
	}
}

// sameFloat reports whether a and b are the same value, NaN included.
func sameFloat(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

// compare reports every difference between two expositions.
func compare(t testing.TB, what string, got, want *exposition) {
	t.Helper()
	for k, w := range want.samples {
		g, ok := got.samples[k]
		switch {
		case !ok:
			t.Errorf("%s: healthlite lacks sample %s (want %v)", what, k, w)
		case !sameFloat(g, w):
			t.Errorf("%s: sample %s = %v; want %v", what, k, g, w)
		}
	}
	for k := range got.samples {
		if _, ok := want.samples[k]; !ok {
			t.Errorf("%s: healthlite has extra sample %s", what, k)
		}
	}
	for name, w := range want.types {
		if g := got.types[name]; g != w {
			t.Errorf("%s: family %s type %q; want %q", what, name, g, w)
		}
	}
	for name, w := range want.helps {
		if g := got.helps[name]; g != w {
			t.Errorf("%s: family %s help %q; want %q", what, name, g, w)
		}
	}
}

// validUTF8 replaces each invalid byte by U+FFFD, as healthlite's encoders do.
func validUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteString("\ufffd")
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
