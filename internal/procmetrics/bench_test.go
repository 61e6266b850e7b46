package procmetrics

import (
	"context"
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
)

// BenchmarkScrape renders /metrics as the binary's registry holds it (core's
// own metrics for one check), without and with the process and Go metrics.
func BenchmarkScrape(b *testing.B) {
	for _, with := range []bool{false, true} {
		name := "without"
		if with {
			name = "with"
		}
		b.Run(name, func(b *testing.B) {
			reg := metrics.NewRegistry()
			h := core.New(core.Options{Metrics: reg})
			h.Register(core.CheckConfig{Name: "db", Check: core.CheckFunc(func(context.Context, *core.Result) {})})
			if with {
				if _, err := Register(reg); err != nil {
					b.Fatal(err)
				}
			}
			buf := make([]byte, 0, 64<<10)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				buf = reg.Append(buf[:0], metrics.FormatPrometheus)
			}
			b.SetBytes(int64(len(buf)))
		})
	}
}
