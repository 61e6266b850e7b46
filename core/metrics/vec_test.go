package metrics

import (
	"errors"
	"strings"
	"testing"
)

func TestCounterVecRendersEachLabelSet(t *testing.T) {
	r := NewRegistry()
	v := must(r.NewCounterVec("http_requests_total", "Requests served.", 4, "method", "code"))
	must(v.With("GET", "200")).Add(3)
	must(v.With("POST", "500")).Inc()
	must(v.With("GET", "200")).Inc()
	got := string(r.AppendPrometheus(nil))
	want := "# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n" +
		"http_requests_total{code=\"200\",method=\"GET\"} 4\n" +
		"http_requests_total{code=\"500\",method=\"POST\"} 1\n"
	if got != want {
		t.Errorf("scrape:\n%s\nwant:\n%s", got, want)
	}
}

func TestVecErrors(t *testing.T) {
	r := NewRegistry()
	v := must(r.NewCounterVec("c_total", "", 2, "a"))
	must(v.With("1"))
	must(v.With("2"))
	if _, err := v.With("3"); !errors.Is(err, ErrTooManySeries) || !strings.Contains(err.Error(), "cap of 2 label sets") {
		t.Errorf("past the cap: %v", err)
	}
	if c, err := v.With("1"); err != nil || c == nil {
		t.Errorf("a known label set past the cap: %v", err)
	}
	if _, err := v.With("1", "2"); !errors.Is(err, ErrInvalidLabels) {
		t.Errorf("two values for one label: %v", err)
	}
	for _, c := range []struct {
		name   string
		max    int
		labels []string
		want   error
	}{
		{"bad-name", 1, []string{"a"}, ErrInvalidName},
		{"x", 1, nil, ErrInvalidLabels},
		{"x", 1, []string{"a", "a"}, ErrInvalidLabels},
		{"x", 1, []string{"__a"}, ErrInvalidLabels},
		{"x", 0, []string{"a"}, ErrTooManySeries},
	} {
		if _, err := r.NewGaugeVec(c.name, "", c.max, c.labels...); !errors.Is(err, c.want) {
			t.Errorf("NewGaugeVec(%q, %d, %q) = %v, want %v", c.name, c.max, c.labels, err, c.want)
		}
	}
	must(r.NewGauge("g", "", "a", "1"))
	g := must(r.NewGaugeVec("g", "", 2, "a"))
	if _, err := g.With("1"); !errors.Is(err, ErrDuplicate) {
		t.Errorf("a label set registered before: %v", err)
	}
}

// TestVecWithAllocatesNothing: after its first use, a label set is found
// and updated without allocating.
func TestVecWithAllocatesNothing(t *testing.T) {
	r := NewRegistry()
	cv := must(r.NewCounterVec("c_total", "", 64, "method", "code"))
	gv := must(r.NewGaugeVec("g", "", 64, "queue"))
	codes := []string{"200", "404", "500", "503"}
	for _, code := range codes {
		must(cv.With("GET", code))
	}
	must(gv.With("orders"))
	if n := testing.AllocsPerRun(100, func() {
		for _, code := range codes {
			c, _ := cv.With("GET", code)
			c.Inc()
		}
		g, _ := gv.With("orders")
		g.Set(3)
	}); n != 0 {
		t.Errorf("With on known label sets: %v allocs, want 0", n)
	}
	wantScrapesAllocateNothing(t, r.Append, allFormats...) // with vectors
}

// TestVecConcurrentFirstUse: goroutines racing to use a new label set get
// one counter, registered once.
func TestVecConcurrentFirstUse(t *testing.T) {
	r := NewRegistry()
	v := must(r.NewCounterVec("c_total", "", 8, "a"))
	got := make(chan *Counter, 8)
	for i := 0; i < 8; i++ {
		go func() {
			c, err := v.With("x")
			if err != nil {
				t.Error(err)
			}
			c.Inc()
			got <- c
		}()
	}
	first := <-got
	for i := 1; i < 8; i++ {
		if c := <-got; c != first {
			t.Fatal("two counters for one label set")
		}
	}
	if first.Value() != 8 {
		t.Errorf("value %v, want 8", first.Value())
	}
}
