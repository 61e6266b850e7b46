package metrics

import (
	"math"
	"strconv"
	"sync"
	"testing"
)

func nan() float64 { return math.NaN() }

func itoa(i int) string { return strconv.Itoa(i) }

func TestCounter(t *testing.T) {
	var c Counter
	c.Inc()
	c.Add(2)
	c.Add(0.5)
	c.Add(-7)      // ignored: counters only go up
	c.Add(nan())   // ignored
	c.Add(0)       // no-op
	c.Add(1 << 60) // beyond exact integers: float part
	if got, want := c.Value(), 3.5+(1<<60); got != want {
		t.Errorf("Value = %v; want %v", got, want)
	}
	var d Counter
	d.Add(0.25)
	d.Add(0.75)
	if got := string(d.appendValue(nil)); got != "1" {
		t.Errorf("0.25+0.75 renders %q; want 1", got)
	}
	d.Add(999999)
	if got := string(d.appendValue(nil)); got != "1e+06" {
		t.Errorf("1e6 renders %q; want 1e+06 as Prometheus writes it", got)
	}
}

func TestGauge(t *testing.T) {
	var g Gauge
	g.Set(2.5)
	g.Add(-4)
	if g.Value() != -1.5 {
		t.Errorf("Value = %v; want -1.5", g.Value())
	}
	g.Set(math.Inf(-1))
	if !math.IsInf(g.Value(), -1) {
		t.Errorf("Value = %v; want -Inf", g.Value())
	}
}

func TestHistogramBuckets(t *testing.T) {
	r := NewRegistry()
	h := must(r.NewHistogram("h", "", []float64{-1, 0, 1, math.Inf(1)}))
	for _, v := range []float64{-5, -1, -0.5, 0, 0.5, 1, 2, math.Inf(1), math.NaN()} {
		h.Observe(v)
	}
	want := "# TYPE h histogram\n" +
		"h_bucket{le=\"-1\"} 2\nh_bucket{le=\"0\"} 4\nh_bucket{le=\"1\"} 6\nh_bucket{le=\"+Inf\"} 9\nh_sum NaN\nh_count 9\n"
	if got := string(r.AppendPrometheus(nil)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if h.Count() != 9 {
		t.Errorf("Count = %d", h.Count())
	}
}

func TestHistogramManyBuckets(t *testing.T) {
	// More than 16 buckets switches Observe to binary search; it must agree
	// with the linear rule "first bound >= v".
	var upper []float64
	for i := 0; i < 40; i++ {
		upper = append(upper, float64(i)*0.5)
	}
	h := newHistogram(upper)
	for v := -1.0; v < 22; v += 0.25 {
		h.Observe(v)
	}
	for i, b := range upper {
		var want uint64
		for v := -1.0; v < 22; v += 0.25 {
			if v <= b && (i == 0 || v > upper[i-1]) {
				want++
			}
		}
		if got := h.counts[i].Load(); got != want {
			t.Errorf("bucket le=%v: %d; want %d", b, got, want)
		}
	}
	var over uint64
	for v := -1.0; v < 22; v += 0.25 {
		if v > upper[len(upper)-1] {
			over++
		}
	}
	if got, want := h.counts[len(upper)].Load(), over; got != want || over == 0 {
		t.Errorf("+Inf bucket: %d; want %d", got, want)
	}
}

func TestConcurrentUpdates(t *testing.T) {
	var c Counter
	var g Gauge
	h := newHistogram([]float64{1, 2})
	const workers, n = 4, 1000
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				c.Inc()
				c.Add(0.5)
				g.Add(1)
				h.Observe(1.5)
			}
		}()
	}
	wg.Wait()
	if c.Value() != workers*n*1.5 || g.Value() != workers*n || h.Count() != workers*n || h.Sum() != workers*n*1.5 {
		t.Errorf("lost updates: counter %v gauge %v count %d sum %v", c.Value(), g.Value(), h.Count(), h.Sum())
	}
}

func TestOpenMetricsNames(t *testing.T) {
	r := NewRegistry()
	must(r.NewCounter("hits", "Hits \"so far\".\\"))
	must(r.NewCounter("misses_total", "", "k", "v"))
	must(r.NewHistogram("d", "", []float64{0.25, 2, 1e21}))
	got := string(r.AppendOpenMetrics(nil))
	wantOM := "# TYPE d histogram\n" +
		"d_bucket{le=\"0.25\"} 0\nd_bucket{le=\"2.0\"} 0\nd_bucket{le=\"1e+21\"} 0\nd_bucket{le=\"+Inf\"} 0\nd_sum 0\nd_count 0\n" +
		"# HELP hits Hits \\\"so far\\\".\\\\\n# TYPE hits counter\nhits_total 0\n" +
		"# TYPE misses counter\nmisses_total{k=\"v\"} 0\n# EOF\n"
	if got != wantOM {
		t.Errorf("OpenMetrics:\n%s\nwant\n%s", got, wantOM)
	}
	wantProm := "# TYPE d histogram\n" +
		"d_bucket{le=\"0.25\"} 0\nd_bucket{le=\"2\"} 0\nd_bucket{le=\"1e+21\"} 0\nd_bucket{le=\"+Inf\"} 0\nd_sum 0\nd_count 0\n" +
		"# HELP hits Hits \"so far\".\\\\\n# TYPE hits counter\nhits 0\n" +
		"# TYPE misses_total counter\nmisses_total{k=\"v\"} 0\n"
	if got := string(r.AppendPrometheus(nil)); got != wantProm {
		t.Errorf("Prometheus:\n%s\nwant\n%s", got, wantProm)
	}
}

func TestCountsAsPrometheusWritesThem(t *testing.T) {
	r := NewRegistry()
	h := must(r.NewHistogram("h", "", nil))
	h.counts[0].Store(1234567)
	if got, want := string(r.AppendPrometheus(nil)), "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1.234567e+06\nh_sum 0\nh_count 1.234567e+06\n"; got != want {
		t.Errorf("Prometheus text writes counts as floats:\n%s\nwant\n%s", got, want)
	}
	if got, want := string(r.AppendOpenMetrics(nil)), "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1234567\nh_sum 0\nh_count 1234567\n# EOF\n"; got != want {
		t.Errorf("OpenMetrics writes counts as integers:\n%s\nwant\n%s", got, want)
	}
}

func TestJSON(t *testing.T) {
	r := NewRegistry()
	c := must(r.NewCounter("c_total", "with \"quotes\" and <tags>", "path", "/a\"b\xff"))
	h := must(r.NewHistogram("h", "", []float64{0.5}, "x", "y"))
	g := must(r.NewGauge("g", ""))
	c.Add(1.5)
	h.Observe(0.25)
	h.Observe(1)
	g.Set(math.Inf(-1))
	want := `{"c_total":{"type":"counter","help":"with \"quotes\" and \u003ctags\u003e","series":[{"labels":{"path":"/a\"b` + "\ufffd" + `"},"value":1.5}]},` +
		`"g":{"type":"gauge","help":"","series":[{"labels":{},"value":"-Inf"}]},` +
		`"h":{"type":"histogram","help":"","series":[{"labels":{"x":"y"},"buckets":{"0.5":1,"+Inf":2},"count":2,"sum":1.25}]}}`
	if got := string(r.AppendJSON(nil)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestGaugeFunc(t *testing.T) {
	r := NewRegistry()
	v := 1.0
	if err := r.NewGaugeFunc("f", "", func() float64 { return v }, "a", "b"); err != nil {
		t.Fatal(err)
	}
	v = 1e-7
	if got, want := string(r.AppendPrometheus(nil)), "# TYPE f gauge\nf{a=\"b\"} 1e-07\n"; got != want {
		t.Errorf("got %q; want %q (value read at scrape time)", got, want)
	}
}

// TestUpdatesAndScrapesTakeNoRegistryLock holds the registry's lock, as a
// registration in progress does, and checks that updates and scrapes still
// complete: they use atomics and the published family list only.
func TestUpdatesAndScrapesTakeNoRegistryLock(t *testing.T) {
	r := NewRegistry()
	c := must(r.NewCounter("c_total", ""))
	g := must(r.NewGauge("g", ""))
	h := must(r.NewHistogram("h", "", []float64{1}))
	r.mu.Lock()
	defer r.mu.Unlock()
	done := make(chan []byte)
	go func() {
		c.Inc()
		c.Add(0.5)
		g.Add(2)
		h.Observe(3)
		b := r.AppendPrometheus(nil)
		b = r.AppendOpenMetrics(b)
		done <- r.AppendJSON(b)
	}()
	if out := <-done; len(out) == 0 {
		t.Fatal("no output")
	}
	if c.Value() != 1.5 || g.Value() != 2 || h.Count() != 1 {
		t.Errorf("updates lost: %v %v %v", c.Value(), g.Value(), h.Count())
	}
}
