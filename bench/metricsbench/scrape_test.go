package metricsbench

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// BenchmarkScrape runs every peer on the same workload, in one run, on the
// same cores. The reference runs first; the others report x-reference,
// their ns/op divided by the reference's.
func BenchmarkScrape(b *testing.B) {
	var refNs float64
	ratio := func(b *testing.B) {
		if ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N); refNs > 0 {
			b.ReportMetric(ns/refNs, "x-reference")
		}
	}

	b.Run("reference", func(b *testing.B) {
		r := NewReference()
		buf := r.AppendPrometheus(nil)
		b.SetBytes(int64(len(buf)))
		b.ReportAllocs()
		for b.Loop() {
			buf = r.AppendPrometheus(buf[:0])
		}
		refNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})

	hl := newHealthlite(b)
	for _, f := range []metrics.Format{metrics.FormatPrometheus, metrics.FormatOpenMetrics, metrics.FormatJSON} {
		b.Run("healthlite-"+f.String(), func(b *testing.B) {
			buf := hl.Append(nil, f)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				buf = hl.Append(buf[:0], f)
			}
			ratio(b)
		})
	}

	b.Run("client_golang", func(b *testing.B) {
		r := newClientGolang(b)
		var buf bytes.Buffer
		scrapeClientGolang(b, r, &buf)
		b.SetBytes(int64(buf.Len()))
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			scrapeClientGolang(b, r, &buf)
		}
		ratio(b)
	})

	b.Run("victoriametrics", func(b *testing.B) {
		s := newVictoriaMetrics()
		var buf bytes.Buffer
		s.WritePrometheus(&buf)
		b.SetBytes(int64(buf.Len()))
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			s.WritePrometheus(&buf)
		}
		ratio(b)
	})
}
