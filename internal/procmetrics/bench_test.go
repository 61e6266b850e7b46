package procmetrics

import (
	"context"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
)

// The Accept headers Prometheus 3 sends by default (it prefers OpenMetrics)
// and with scrape_protocols: [PrometheusText0.0.4].
const (
	acceptPrometheus3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"
	acceptText        = "text/plain;version=0.0.4"
)

// scraper answers /metrics as the binary does: a Health with one check,
// core's own metrics and, when withRuntime, the process and Go metrics.
type scraper struct {
	h    *core.Health
	req  core.Request
	resp core.Response
}

func newScraper(tb testing.TB, withRuntime bool, accept string) *scraper {
	reg := metrics.NewRegistry()
	h := core.New(core.Options{Metrics: reg})
	h.Register(core.CheckConfig{Name: "db", Check: core.CheckFunc(func(context.Context, *core.Result) {})})
	if withRuntime {
		if _, err := Register(reg); err != nil {
			tb.Fatal(err)
		}
	}
	s := &scraper{h: h, req: core.Request{Method: "GET", Path: "/metrics", Accept: accept}}
	s.resp.Scratch = make([]byte, 0, 64<<10)
	s.scrape()
	return s
}

func (s *scraper) scrape() { s.h.Route(&s.req, &s.resp) }

var scrapeFormats = []struct{ name, accept string }{
	{"openmetrics", acceptPrometheus3},
	{"prometheus", acceptText},
}

// BenchmarkScrape is the before/after pair of issue 14's goal (a scrape
// within 1.3× of its time without the process and Go metrics, 0 allocs):
// /metrics routed as the binary routes it, "before" without those metrics
// and "after" with them, in both text formats. Compare them with benchstat
// (go test -bench 'Scrape/' -count 10 | benchstat -col /metrics -), or read
// BenchmarkScrapeRatio, which interleaves the two.
func BenchmarkScrape(b *testing.B) {
	for _, f := range scrapeFormats {
		for _, with := range []bool{false, true} {
			name := f.name + "/metrics=before"
			if with {
				name = f.name + "/metrics=after"
			}
			b.Run(name, func(b *testing.B) {
				s := newScraper(b, with, f.accept)
				b.ReportAllocs()
				for b.Loop() {
					s.scrape()
				}
				b.SetBytes(int64(len(s.resp.Body)))
			})
		}
	}
}

// BenchmarkScrapeRatio scrapes the before and after registries in
// alternating rounds and reports the median of the rounds' after/before
// time ratios, so that a shared machine's changing load falls on both alike
// and a round that lost its core does not count.
func BenchmarkScrapeRatio(b *testing.B) {
	for _, f := range scrapeFormats {
		b.Run(f.name, func(b *testing.B) {
			pair := [2]*scraper{newScraper(b, false, f.accept), newScraper(b, true, f.accept)}
			// Each round's ratio, in steps of 1/1000 (from 0 to 8), for the
			// median: counted in an array made before the timed loop, so the
			// benchmark's own bookkeeping allocates nothing.
			counts := make([]int, 8000)
			const round = 32
			n := 0
			for b.Loop() {
				var spent [2]time.Duration
				for i, s := range pair {
					t := time.Now()
					for range round {
						s.scrape()
					}
					spent[i] = time.Since(t)
				}
				counts[min(int(1000*float64(spent[1])/float64(spent[0])), len(counts)-1)]++
				n++
			}
			median, seen := 0, 0
			for i, c := range counts {
				if seen += c; 2*seen > n {
					median = i
					break
				}
			}
			b.ReportMetric(float64(median)/1000, "after/before")
			b.ReportMetric(0, "ns/op")
		})
	}
}
