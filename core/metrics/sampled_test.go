package metrics

import (
	"errors"
	"math"
	"testing"
)

// Sampled gauges and counters, a summary and a counter OpenMetrics can only
// call unknown, in every format; a scrape allocates nothing.
func TestSampledRendering(t *testing.T) {
	r := NewRegistry()
	g, err := r.NewSampledGauge("mem_bytes", "Memory.")
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.NewSampledCounter("cpu_seconds_total", "CPU.", "mode", "user")
	if err != nil {
		t.Fatal(err)
	}
	a, err := r.NewSampledCounterUnknownInOpenMetrics("mem_bytes_total", "Allocated.")
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.NewSampledSummary("pause_seconds", "Pauses.", []float64{0, 0.5, 1})
	if err != nil {
		t.Fatal(err)
	}
	g.Set(1.5e7)
	c.Set(0.25)
	a.Set(3e6)
	s.Set([]float64{1e-5, 2e-5}, 0.5, 2_000_000)
	if g.Value() != 1.5e7 || c.Value() != 0.25 {
		t.Errorf("values %v %v", g.Value(), c.Value())
	}
	for f, want := range map[Format]string{
		FormatPrometheus: "# HELP cpu_seconds_total CPU.\n# TYPE cpu_seconds_total counter\ncpu_seconds_total{mode=\"user\"} 0.25\n" +
			"# HELP mem_bytes Memory.\n# TYPE mem_bytes gauge\nmem_bytes 1.5e+07\n" +
			"# HELP mem_bytes_total Allocated.\n# TYPE mem_bytes_total counter\nmem_bytes_total 3e+06\n" +
			"# HELP pause_seconds Pauses.\n# TYPE pause_seconds summary\n" +
			"pause_seconds{quantile=\"0\"} 1e-05\npause_seconds{quantile=\"0.5\"} 2e-05\npause_seconds{quantile=\"1\"} NaN\n" +
			"pause_seconds_sum 0.5\npause_seconds_count 2e+06\n",
		FormatOpenMetrics: "# HELP cpu_seconds CPU.\n# TYPE cpu_seconds counter\ncpu_seconds_total{mode=\"user\"} 0.25\n" +
			"# HELP mem_bytes Memory.\n# TYPE mem_bytes gauge\nmem_bytes 1.5e+07\n" +
			"# HELP mem_bytes_total Allocated.\n# TYPE mem_bytes_total unknown\nmem_bytes_total 3e+06\n" +
			"# HELP pause_seconds Pauses.\n# TYPE pause_seconds summary\n" +
			"pause_seconds{quantile=\"0.0\"} 1e-05\npause_seconds{quantile=\"0.5\"} 2e-05\npause_seconds{quantile=\"1.0\"} NaN\n" +
			"pause_seconds_sum 0.5\npause_seconds_count 2000000\n# EOF\n",
		FormatJSON: `{"cpu_seconds_total":{"type":"counter","help":"CPU.","series":[{"labels":{"mode":"user"},"value":0.25}]},` +
			`"mem_bytes":{"type":"gauge","help":"Memory.","series":[{"labels":{},"value":1.5e+07}]},` +
			`"mem_bytes_total":{"type":"counter","help":"Allocated.","series":[{"labels":{},"value":3e+06}]},` +
			`"pause_seconds":{"type":"summary","help":"Pauses.","series":[{"labels":{},"quantiles":{"0":1e-05,"0.5":2e-05,"1":"NaN"},"count":2000000,"sum":0.5}]}}`,
	} {
		got := string(r.Append(nil, f))
		if got != want {
			t.Errorf("%v:\n%s\nwant\n%s", f, got, want)
		}
		wantScrapesAllocateNothing(t, r.Append, f)
	}
	g.Set(math.Inf(1))
	if got := string(r.Append(nil, FormatJSON)); !contains(got, `"value":"+Inf"`) {
		t.Errorf("JSON of +Inf: %s", got)
	}
}

func TestSampledSummaryErrors(t *testing.T) {
	r := NewRegistry()
	for _, q := range [][]float64{{0.5, 0.5}, {-0.1}, {1.5}, {math.NaN()}} {
		if _, err := r.NewSampledSummary("s", "", q); !errors.Is(err, ErrInvalidBuckets) {
			t.Errorf("quantiles %v: %v", q, err)
		}
	}
	if _, err := r.NewSampledSummary("s", "", []float64{0.5}, "quantile", "x"); !errors.Is(err, ErrInvalidLabels) {
		t.Errorf("label quantile: %v", err)
	}
	if _, err := r.NewSampledSummary("s", "", []float64{0.5}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"s_sum", "s_count", "s"} {
		if _, err := r.NewGauge(name, ""); !errors.Is(err, ErrConflict) {
			t.Errorf("gauge %s beside summary s: %v", name, err)
		}
	}
	// A counter whose OpenMetrics family is a gauge's name is refused,
	// unless OpenMetrics writes it as type unknown.
	if _, err := r.NewGauge("g", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := r.NewSampledCounter("g_total", ""); !errors.Is(err, ErrConflict) {
		t.Errorf("counter g_total beside gauge g: %v", err)
	}
	if _, err := r.NewSampledCounterUnknownInOpenMetrics("g_total", ""); err != nil {
		t.Errorf("counter g_total, unknown in OpenMetrics, beside gauge g: %v", err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A sampled family rendered whole gains a second series: both render, under
// one head.
func TestSampledFamilyGrows(t *testing.T) {
	r := NewRegistry()
	a, err := r.NewSampledGauge("temp", "T.", "zone", "a")
	if err != nil {
		t.Fatal(err)
	}
	a.Set(1)
	want := "# HELP temp T.\n# TYPE temp gauge\ntemp{zone=\"a\"} 1\n"
	if got := string(r.AppendPrometheus(nil)); got != want {
		t.Errorf("one series:\n%s", got)
	}
	b, err := r.NewSampledGauge("temp", "T.", "zone", "b")
	if err != nil {
		t.Fatal(err)
	}
	b.Set(2)
	want += "temp{zone=\"b\"} 2\n"
	if got := string(r.AppendPrometheus(nil)); got != want {
		t.Errorf("two series:\n%s\nwant\n%s", got, want)
	}
}

// Zero values not registered do not panic.
func TestSampledZeroValues(t *testing.T) {
	var s Sampled
	s.Set(3)
	if s.Value() != 3 {
		t.Errorf("Value %v", s.Value())
	}
	var m SampledSummary
	m.Set([]float64{1}, 1, 1)
}
