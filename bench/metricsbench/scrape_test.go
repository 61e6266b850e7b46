package metricsbench

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// BenchmarkScrape runs every peer on the same workload, in one run, on the
// same cores, and reports each one's x-reference: its time divided by the
// reference's, measured in alternating chunks of 50 scrapes (the reference
// runs with the timer stopped) so that a noisy, shared machine slows both
// sides of the ratio alike.
func BenchmarkScrape(b *testing.B) {
	ref := NewReference()
	b.Run("reference", func(b *testing.B) {
		buf := ref.AppendPrometheus(nil)
		b.SetBytes(int64(len(buf)))
		b.ReportAllocs()
		for b.Loop() {
			buf = ref.AppendPrometheus(buf[:0])
		}
	})

	hl := newHealthlite(b)
	for _, f := range []metrics.Format{metrics.FormatPrometheus, metrics.FormatOpenMetrics, metrics.FormatJSON} {
		b.Run("healthlite-"+f.String(), func(b *testing.B) {
			buf := hl.Append(nil, f)
			b.SetBytes(int64(len(buf)))
			paired(b, ref, func() { buf = hl.Append(buf[:0], f) })
		})
	}

	b.Run("client_golang", func(b *testing.B) {
		r := newClientGolang(b)
		var buf bytes.Buffer
		scrapeClientGolang(b, r, &buf)
		b.SetBytes(int64(buf.Len()))
		paired(b, ref, func() {
			buf.Reset()
			scrapeClientGolang(b, r, &buf)
		})
	})

	b.Run("victoriametrics", func(b *testing.B) {
		s := newVictoriaMetrics()
		var buf bytes.Buffer
		s.WritePrometheus(&buf)
		b.SetBytes(int64(buf.Len()))
		paired(b, ref, func() {
			buf.Reset()
			s.WritePrometheus(&buf)
		})
	})
}

// paired runs scrape b.N times, and after every chunk of 50 runs the
// reference as many times with the timer stopped; it reports the ratio of
// the two times as x-reference.
func paired(b *testing.B, ref *Reference, scrape func()) {
	const chunk = 50
	refBuf := ref.AppendPrometheus(nil)
	var refTime time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		n := min(chunk, b.N-done)
		for range n {
			scrape()
		}
		done += n
		b.StopTimer()
		start := time.Now()
		for range n {
			refBuf = ref.AppendPrometheus(refBuf[:0])
		}
		refTime += time.Since(start)
		b.StartTimer()
	}
	if refTime > 0 {
		b.ReportMetric(float64(b.Elapsed())/float64(refTime), "x-reference")
	}
}
