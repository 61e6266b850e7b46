package wasm

import (
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

func TestMetricsExported(t *testing.T) {
	reg := metrics.NewRegistry()
	good := load(t, "status", Options{Name: "db", Metrics: reg, Config: map[string]string{"status": "0"}})
	bad := load(t, "unreachable", Options{Name: "trap", Metrics: reg})
	run(good)
	run(good)
	run(bad)
	run(bad)
	text := string(reg.AppendPrometheus(nil))
	for _, want := range []string{
		`healthlite_wasm_metric{check="db",metric="latency_ms"} 12.5`,
		`healthlite_wasm_metric{check="db",metric="count"} 2`,
		`healthlite_wasm_instances_discarded_total{check="trap"} 2`,
		`healthlite_wasm_instances_discarded_total{check="db"} 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("exposition lacks %s:\n%s", want, text)
		}
	}
}
