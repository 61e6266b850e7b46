package metrics

import (
	"errors"
	"strings"
	"testing"
)

func TestRegistrationErrors(t *testing.T) {
	tests := []struct {
		name string
		reg  func(r *Registry) error
		want error
		msg  string
	}{
		{"empty name", func(r *Registry) error { _, err := r.NewCounter("", ""); return err }, ErrInvalidName, `metric[""]: invalid metric name`},
		{"space in name", func(r *Registry) error { _, err := r.NewGauge("a b", ""); return err }, ErrInvalidName, `metric["a b"]`},
		{"leading digit", func(r *Registry) error { _, err := r.NewGauge("1a", ""); return err }, ErrInvalidName, "not starting with a digit"},
		{"bare _total", func(r *Registry) error { _, err := r.NewCounter("_total", ""); return err }, ErrInvalidName, `before "_total"`},
		{"odd labels", func(r *Registry) error { _, err := r.NewCounter("a_total", "", "k", "v", "k2"); return err }, ErrInvalidLabels, "odd number of label strings (3)"},
		{"bad label name", func(r *Registry) error { _, err := r.NewCounter("a_total", "", "a-b", "v"); return err }, ErrInvalidLabels, `label name "a-b" is invalid`},
		{"colon label name", func(r *Registry) error { _, err := r.NewCounter("a_total", "", "a:b", "v"); return err }, ErrInvalidLabels, `"a:b"`},
		{"reserved __", func(r *Registry) error { _, err := r.NewGauge("g", "", "__name__", "v"); return err }, ErrInvalidLabels, "reserved"},
		{"repeated label", func(r *Registry) error { _, err := r.NewGauge("g", "", "b", "1", "a", "2", "b", "3"); return err }, ErrInvalidLabels, `label name "b" is repeated`},
		{"le on histogram", func(r *Registry) error { _, err := r.NewHistogram("h", "", nil, "le", "1"); return err }, ErrInvalidLabels, `"le" is reserved`},
		{"descending buckets", func(r *Registry) error { _, err := r.NewHistogram("h", "", []float64{1, 0.5}); return err }, ErrInvalidBuckets, "bucket 1 (0.5) is not greater"},
		{"equal buckets", func(r *Registry) error { _, err := r.NewHistogram("h", "", []float64{1, 1}); return err }, ErrInvalidBuckets, "strictly ascending"},
		{"NaN bucket", func(r *Registry) error { _, err := r.NewHistogram("h", "", []float64{nan()}); return err }, ErrInvalidBuckets, "bucket 0 is NaN"},
		{"nil func", func(r *Registry) error { return r.NewGaugeFunc("g", "", nil) }, ErrNilFunc, "pass the function"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.reg(NewRegistry())
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v; want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "healthlite: metric[") || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q; want it to contain %q", err, tt.msg)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("err %q spans lines", err)
			}
		})
	}
}

func TestLabelOnCounterMayBeLe(t *testing.T) {
	if _, err := NewRegistry().NewCounter("c_total", "", "le", "x"); err != nil {
		t.Fatalf("le is reserved only for histograms: %v", err)
	}
}

func TestDuplicatesAndConflicts(t *testing.T) {
	r := NewRegistry()
	must(r.NewCounter("req_total", "Requests.", "b", "2", "a", "1"))
	_, err := r.NewCounter("req_total", "Requests.", "a", "1", "b", "2")
	if !errors.Is(err, ErrDuplicate) {
		t.Errorf("same labels in another order: err = %v; want ErrDuplicate", err)
	}
	if _, err := r.NewCounter("req_total", "Requests.", "a", "1", "b", "3"); err != nil {
		t.Errorf("another label set of the same family: %v", err)
	}
	for _, c := range []struct {
		name string
		err  error
	}{
		{"gauge with a counter's name", func() error { _, err := r.NewGauge("req_total", "Requests."); return err }()},
		{"other help", func() error { _, err := r.NewCounter("req_total", "Other.", "a", "9"); return err }()},
		{"gauge named as the OpenMetrics family", func() error { _, err := r.NewGauge("req", ""); return err }()},
		{"counter without _total", func() error { _, err := r.NewCounter("req", ""); return err }()},
	} {
		if !errors.Is(c.err, ErrConflict) {
			t.Errorf("%s: err = %v; want ErrConflict", c.name, c.err)
		}
	}
	must(r.NewHistogram("lat", "", []float64{1}))
	if _, err := r.NewGauge("lat_count", ""); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), `"lat_count" is already written by metric "lat"`) {
		t.Errorf("gauge over a histogram's _count: err = %v", err)
	}
	// Failed registrations leave nothing behind.
	if got, want := string(r.AppendPrometheus(nil)), "# TYPE lat histogram\nlat_bucket{le=\"1\"} 0\nlat_bucket{le=\"+Inf\"} 0\nlat_sum 0\nlat_count 0\n"+
		"# HELP req_total Requests.\n# TYPE req_total counter\nreq_total{a=\"1\",b=\"2\"} 0\nreq_total{a=\"1\",b=\"3\"} 0\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestOrderIsDeterministic(t *testing.T) {
	// Registration order must not change the output.
	build := func(order []int) string {
		r := NewRegistry()
		regs := []func(){
			func() { must(r.NewGauge("b", "", "x", "2")) },
			func() { must(r.NewGauge("b", "", "x", "1")) },
			func() { must(r.NewCounter("a_total", "")) },
			func() { must(r.NewHistogram("c", "", []float64{1}, "x", "1")) },
			func() { must(r.NewGauge("b", "", "w", "9")) },
		}
		for _, i := range order {
			regs[i]()
		}
		return string(r.AppendPrometheus(nil)) + string(r.AppendOpenMetrics(nil)) + string(r.AppendJSON(nil))
	}
	want := build([]int{0, 1, 2, 3, 4})
	for _, order := range [][]int{{4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}, {1, 3, 0, 4, 2}} {
		if got := build(order); got != want {
			t.Errorf("order %v:\n%s\nwant\n%s", order, got, want)
		}
	}
	if i, j := strings.Index(want, "a_total 0"), strings.Index(want, `b{w="9"}`); i < 0 || j < i {
		t.Errorf("families not sorted by name:\n%s", want)
	}
	if i, j := strings.Index(want, `b{x="1"}`), strings.Index(want, `b{x="2"}`); i < 0 || j < i {
		t.Errorf("series not sorted by labels:\n%s", want)
	}
}

func TestZeroRegistry(t *testing.T) {
	var r Registry
	if got := string(r.AppendPrometheus(nil)); got != "" {
		t.Errorf("empty Prometheus = %q", got)
	}
	if got := string(r.AppendOpenMetrics(nil)); got != "# EOF\n" {
		t.Errorf("empty OpenMetrics = %q", got)
	}
	if got := string(r.AppendJSON(nil)); got != "{}" {
		t.Errorf("empty JSON = %q", got)
	}
	g, err := r.NewGauge("g", "")
	if err != nil {
		t.Fatal(err)
	}
	g.Set(-2)
	if got := string(r.Append(nil, FormatPrometheus)); got != "# TYPE g gauge\ng -2\n" {
		t.Errorf("zero registry after registration = %q", got)
	}
}

func TestConcurrentRegistrationAndScrape(t *testing.T) {
	r := NewRegistry()
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 0, 1<<16)
		for i := 0; i < 200; i++ {
			buf = r.AppendPrometheus(buf[:0])
			buf = r.AppendOpenMetrics(buf[:0])
			buf = r.AppendJSON(buf[:0])
		}
	}()
	for i := 0; i < 100; i++ {
		c := must(r.NewCounter("c_total", "", "i", itoa(i)))
		c.Inc()
	}
	<-done
	if n := strings.Count(string(r.AppendPrometheus(nil)), "\nc_total{"); n != 100 {
		t.Errorf("%d series; want 100", n)
	}
}

// must returns m, panicking (which fails the test) on a registration error.
func must[T any](m T, err error) T {
	if err != nil {
		panic(err)
	}
	return m
}
