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

// leftOut are the families of client_golang's default collectors that the
// binary does not export: process_network_* are the network namespace's
// totals (/proc/self/net/dev), not the process's.
var leftOut = map[string]bool{
	"process_network_receive_bytes_total":  true,
	"process_network_transmit_bytes_total": true,
}

// clientGolangFamilies returns the type and help of every family
// client_golang's default ProcessCollector and GoCollector export.
func clientGolangFamilies(t testing.TB) (types, helps map[string]string) {
	t.Helper()
	cg := prometheus.NewRegistry()
	cg.MustRegister(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), collectors.NewGoCollector())
	tp := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := tp.TextToMetricFamilies(bytes.NewReader(encodeClientGolang(t, cg, expfmt.NewFormat(expfmt.TypeTextPlain))))
	if err != nil {
		t.Fatal(err)
	}
	types, helps = map[string]string{}, map[string]string{}
	for name, mf := range fams {
		types[name] = strings.ToLower(mf.GetType().String())
		helps[name] = mf.GetHelp()
	}
	return types, helps
}

// The binary's process_* and go_* metrics (internal/procmetrics, with
// core's process_start_time_seconds) are parsed by Prometheus' own parsers
// in both text formats, and each family is one client_golang's default
// ProcessCollector or GoCollector exports, with the same type and help
// text — so dashboards and alerts written for client_golang find them, and
// a diff against a Go service's /metrics shows values only.
func TestProcessAndGoMetricsAsClientGolang(t *testing.T) {
	reg := metrics.NewRegistry()
	core.New(core.Options{Metrics: reg}) // registers process_start_time_seconds
	if _, err := procmetrics.Register(reg); err != nil {
		t.Fatal(err)
	}
	ours := parseText(t, reg.AppendPrometheus(nil))
	om := parseOpenMetrics(t, reg.AppendOpenMetrics(nil))

	theirs, theirHelp := clientGolangFamilies(t)

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
		case ours.helps[name] != theirHelp[name]:
			t.Errorf("%s: help %q, client_golang's is %q", name, ours.helps[name], theirHelp[name])
		}
	}
	// And every family of theirs is ours, but those documented as left out.
	for name := range theirs {
		if _, ok := ours.types[name]; !ok && !leftOut[name] {
			t.Errorf("%s: client_golang exports it, healthlite does not", name)
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
	// go_memstats_alloc_bytes_total's OpenMetrics counter family would be
	// named go_memstats_alloc_bytes, the gauge's, which OpenMetrics forbids
	// (client_golang writes both families under that name). OpenMetrics
	// output keeps the gauge and writes the counter as a family of type
	// unknown under its full name: the same sample, valid OpenMetrics.
	if om.types["go_memstats_alloc_bytes"] != "gauge" {
		t.Errorf("go_memstats_alloc_bytes: type %q in OpenMetrics, want gauge", om.types["go_memstats_alloc_bytes"])
	}
	if om.types["go_memstats_alloc_bytes_total"] != "unknown" {
		t.Errorf("go_memstats_alloc_bytes_total: type %q in OpenMetrics, want unknown", om.types["go_memstats_alloc_bytes_total"])
	}
	for _, e := range []*exposition{ours, om} {
		if _, ok := e.samples["go_memstats_alloc_bytes_total{}"]; !ok {
			t.Error("an output lacks go_memstats_alloc_bytes_total")
		}
	}
	// Prometheus' parser does not check that family names are unique (it
	// reads client_golang's two go_memstats_alloc_bytes families, the last
	// TYPE, counter, winning for the gauge too): count them here.
	seen := map[string]bool{}
	for _, line := range strings.Split(string(reg.AppendOpenMetrics(nil)), "\n") {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name = name[:strings.IndexByte(name, ' ')]
			if seen[name] {
				t.Errorf("OpenMetrics family %s appears twice", name)
			}
			seen[name] = true
		}
	}
	// Every sample is in both formats.
	for key := range ours.samples {
		if _, ok := om.samples[key]; !ok {
			t.Errorf("%s: in text, not in OpenMetrics", key)
		}
	}
	for key, v := range ours.samples {
		if strings.HasPrefix(key, "process_") || strings.HasPrefix(key, "go_") {
			if w, ok := om.samples[key]; ok && !sameFloat(v, w) {
				t.Errorf("%s: %v in text, %v in OpenMetrics", key, v, w)
			}
		}
	}
}
