package metrics

import (
	"math"
	"strconv"
	"testing"
)

// benchRegistry registers the scrape workload: 200 counters and 20
// histograms with 10 buckets, each with 2 labels, all with values.
func benchRegistry(tb testing.TB) *Registry {
	r := NewRegistry()
	buckets := []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}
	for i := 0; i < 200; i++ {
		c, err := r.NewCounter("app_requests_total", "Requests handled.", "handler", "/api/v1/item/"+strconv.Itoa(i/4), "code", strconv.Itoa(200+i%4))
		if err != nil {
			tb.Fatal(err)
		}
		c.Add(float64(i * 37))
	}
	for i := 0; i < 20; i++ {
		h, err := r.NewHistogram("app_request_duration_seconds", "Request latency.", buckets, "handler", "/api/v1/item/"+strconv.Itoa(i/2), "method", []string{"GET", "POST"}[i%2])
		if err != nil {
			tb.Fatal(err)
		}
		for j := 0; j < 50; j++ {
			h.Observe(float64(j) * 0.013 * float64(i+1))
		}
	}
	return r
}

// allFormats lists every format a registry renders.
var allFormats = []Format{FormatPrometheus, FormatOpenMetrics, FormatJSON}

// wantScrapesAllocateNothing fails t for each of formats that render
// allocates when it appends to a buffer reused from the scrape before.
func wantScrapesAllocateNothing(t *testing.T, render func(dst []byte, f Format) []byte, formats ...Format) {
	t.Helper()
	for _, f := range formats {
		buf := render(nil, f)
		if n := testing.AllocsPerRun(20, func() { buf = render(buf[:0], f) }); n != 0 {
			t.Errorf("%v scrape: %v allocs; want 0", f, n)
		}
	}
}

func TestScrapeAllocatesNothing(t *testing.T) {
	r := benchRegistry(t)
	wantScrapesAllocateNothing(t, r.Append, allFormats...)
	for _, f := range allFormats {
		if n := len(r.Append(nil, f)); n < 15000 {
			t.Errorf("%v scrape is only %d bytes", f, n)
		}
	}
}

func TestUpdatesAllocateNothing(t *testing.T) {
	r := NewRegistry()
	c := must(r.NewCounter("c_total", "", "a", "b"))
	g := must(r.NewGauge("g", ""))
	h := must(r.NewHistogram("h", "", []float64{1, 2, 3}))
	var h2 []float64
	for i := 0; i < 40; i++ {
		h2 = append(h2, float64(i))
	}
	big := must(r.NewHistogram("big", "", h2))
	for name, fn := range map[string]func(){
		"Counter.Inc":          c.Inc,
		"Counter.Add":          func() { c.Add(2) },
		"Counter.Add fraction": func() { c.Add(0.5) },
		"Gauge.Set":            func() { g.Set(math.Pi) },
		"Gauge.Add":            func() { g.Add(-1) },
		"Histogram.Observe":    func() { h.Observe(2.5) },
		"Observe 40 buckets":   func() { big.Observe(17.5) },
		"Negotiate": func() {
			negotiated = Negotiate("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.4,*/*;q=0.1", "verbose&format=json")
		},
	} {
		if n := testing.AllocsPerRun(100, fn); n != 0 {
			t.Errorf("%s: %v allocs; want 0", name, n)
		}
	}
}

// negotiated keeps Negotiate's result alive in the allocation test.
var negotiated Format

func BenchmarkScrape(b *testing.B) {
	r := benchRegistry(b)
	for _, f := range allFormats {
		b.Run(f.String(), func(b *testing.B) {
			buf := r.Append(nil, f)
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				buf = r.Append(buf[:0], f)
			}
		})
	}
}

func BenchmarkCounterInc(b *testing.B) {
	var c Counter
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Inc()
		}
	})
}

func BenchmarkGaugeSet(b *testing.B) {
	var g Gauge
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		g.Set(float64(i))
	}
}

func BenchmarkHistogramObserve(b *testing.B) {
	h := newHistogram([]float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		v := 0.0
		for pb.Next() {
			h.Observe(v)
			v += 0.001
		}
	})
}

func BenchmarkNegotiate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Negotiate("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1", "")
	}
}
