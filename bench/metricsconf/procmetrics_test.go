package metricsconf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
	"github.com/healthlite/healthlite/internal/procmetrics"
)

// The binary's process_* and go_* metrics (internal/procmetrics, with
// core's process_start_time_seconds) are parsed by Prometheus' own parsers
// in both text formats, and each family is one client_golang's default
// ProcessCollector or GoCollector exports, with the same type — so
// dashboards and alerts written for client_golang find them.
func TestProcessAndGoMetricsAsClientGolang(t *testing.T) {
	reg := metrics.NewRegistry()
	core.New(core.Options{Metrics: reg}) // registers process_start_time_seconds
	if _, err := procmetrics.Register(reg); err != nil {
		t.Fatal(err)
	}
	ours := parseText(t, reg.AppendPrometheus(nil))
	om := parseOpenMetrics(t, reg.AppendOpenMetrics(nil))

	cg := prometheus.NewRegistry()
	cg.MustRegister(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), collectors.NewGoCollector())
	tp := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := tp.TextToMetricFamilies(bytes.NewReader(encodeClientGolang(t, cg, expfmt.NewFormat(expfmt.TypeTextPlain))))
	if err != nil {
		t.Fatal(err)
	}
	theirs := map[string]string{}
	for name, mf := range fams {
		theirs[name] = strings.ToLower(mf.GetType().String())
	}

	n := 0
	for name, typ := range ours.types {
		if !strings.HasPrefix(name, "process_") && !strings.HasPrefix(name, "go_") {
			continue
		}
		n++
		want, ok := theirs[name]
		switch {
		case !ok:
			t.Errorf("%s: client_golang's default collectors export no such family", name)
		case want != typ:
			t.Errorf("%s: type %s, client_golang's is %s", name, typ, want)
		}
	}
	if n < 20 {
		t.Errorf("only %d process_* and go_* families", n)
	}
	for name, typ := range map[string]string{"go_gc_duration_seconds": "summary", "go_memstats_alloc_bytes_total": "counter"} {
		if ours.types[name] != typ {
			t.Errorf("%s: type %q in text, want %s", name, ours.types[name], typ)
		}
	}
	// The summary's quantiles are client_golang's, in both formats.
	for _, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
		key := `go_gc_duration_seconds{quantile="` + q + `"}`
		if _, ok := ours.samples[key]; !ok {
			t.Errorf("text lacks %s", key)
		}
		if _, ok := om.samples[key]; !ok {
			t.Errorf("OpenMetrics lacks %s", key)
		}
	}
	if om.types["go_gc_duration_seconds"] != "summary" {
		t.Errorf("go_gc_duration_seconds: type %q in OpenMetrics", om.types["go_gc_duration_seconds"])
	}
	// go_memstats_alloc_bytes_total's OpenMetrics family would be named
	// go_memstats_alloc_bytes, the gauge's: OpenMetrics output keeps the gauge
	// and leaves the counter out (client_golang writes both, which the
	// OpenMetrics spec forbids).
	if _, ok := om.samples["go_memstats_alloc_bytes_total{}"]; ok {
		t.Error("OpenMetrics output has go_memstats_alloc_bytes_total")
	}
	if om.types["go_memstats_alloc_bytes"] != "gauge" {
		t.Errorf("go_memstats_alloc_bytes: type %q in OpenMetrics, want gauge", om.types["go_memstats_alloc_bytes"])
	}
	if _, ok := ours.samples["go_memstats_alloc_bytes_total{}"]; !ok {
		t.Error("text output lacks go_memstats_alloc_bytes_total")
	}
	for key, v := range ours.samples {
		if strings.HasPrefix(key, "process_") || strings.HasPrefix(key, "go_") {
			if w, ok := om.samples[key]; ok && !sameFloat(v, w) {
				t.Errorf("%s: %v in text, %v in OpenMetrics", key, v, w)
			}
		}
	}
}
