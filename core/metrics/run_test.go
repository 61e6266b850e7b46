package metrics

import (
	"strings"
	"sync"
	"testing"
)

// mirror holds plain gauges with the values of sampled ones: what a
// registry renders series by series, to compare runs with.
type mirror struct{ r *Registry }

func (m *mirror) gauge(t *testing.T, name string, labels ...string) *Gauge {
	t.Helper()
	g, err := m.r.NewGauge(name, "Help of "+name+".", labels...)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func sampledGauge(t *testing.T, r *Registry, name string, labels ...string) *Sampled {
	t.Helper()
	s, err := r.NewSampledGauge(name, "Help of "+name+".", labels...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func sameOutput(t *testing.T, what string, got, want *Registry) {
	t.Helper()
	for _, f := range allFormats {
		if g, w := string(got.Append(nil, f)), string(want.Append(nil, f)); g != w {
			t.Errorf("%s, %v:\n%s\nwant\n%s", what, f, g, w)
		}
	}
}

// runsOf lists the published runs of r by their families' names:
// "a b,e" for the runs [a b] and [e].
func runsOf(r *Registry) string {
	var runs []string
	for _, f := range *r.fams.Load() {
		if f.run != nil {
			var names []string
			for _, m := range f.run.fams {
				names = append(names, m.name)
			}
			runs = append(runs, strings.Join(names, " "))
		}
	}
	return strings.Join(runs, ",")
}

func wantRuns(t *testing.T, r *Registry, want string) {
	t.Helper()
	if got := runsOf(r); got != want {
		t.Errorf("runs %q, want %q", got, want)
	}
}

// Runs of sampled families render what the families render one by one,
// while families join, split and leave runs as others are registered
// between them or series are added to them.
func TestSampledRunsFollowRegistrations(t *testing.T) {
	r, m := NewRegistry(), &mirror{r: NewRegistry()}
	a, ma := sampledGauge(t, r, "a"), m.gauge(t, "a")
	c, mc := sampledGauge(t, r, "c"), m.gauge(t, "c")
	e, me := sampledGauge(t, r, "e"), m.gauge(t, "e")
	set := func(s *Sampled, g *Gauge, v float64) { s.Set(v); g.Set(v) }
	set(a, ma, 1)
	set(c, mc, 2.5)
	set(e, me, -3)
	sameOutput(t, "one run a,c,e", r, m.r)
	wantRuns(t, r, "a c e")

	// A plain gauge between c and e splits the run.
	plainR, err := r.NewGauge("d", "Help of d.")
	if err != nil {
		t.Fatal(err)
	}
	plainM := m.gauge(t, "d")
	plainR.Set(7)
	plainM.Set(7)
	sameOutput(t, "runs a,c and e", r, m.r)
	wantRuns(t, r, "a c,e")
	set(e, me, 4)
	set(a, ma, 5)
	sameOutput(t, "runs a,c and e, values changed", r, m.r)

	// A sampled family between a and c joins their run.
	b, mb := sampledGauge(t, r, "b"), m.gauge(t, "b")
	set(b, mb, 6)
	sameOutput(t, "runs a,b,c and e", r, m.r)
	wantRuns(t, r, "a b c,e")

	// A second sampled series keeps c in its run; a plain series takes a
	// out of it.
	c2, mc2 := sampledGauge(t, r, "c", "zone", "2"), m.gauge(t, "c", "zone", "2")
	set(c2, mc2, 8)
	sameOutput(t, "c of two series", r, m.r)
	wantRuns(t, r, "a b c,e")
	a2, err := r.NewGauge("a", "Help of a.", "zone", "2")
	if err != nil {
		t.Fatal(err)
	}
	ma2 := m.gauge(t, "a", "zone", "2")
	a2.Set(9)
	ma2.Set(9)
	set(a, ma, 10)
	sameOutput(t, "a mixed, runs b,c and e", r, m.r)
	wantRuns(t, r, "b c,e")

	wantScrapesAllocateNothing(t, r.Append, allFormats...)
}

// Values set inside a Batch are rendered when it ends, not before: a
// scrape shows one sample's values.
func TestBatchRendersAtItsEnd(t *testing.T) {
	r := NewRegistry()
	x, y := sampledGauge(t, r, "x"), sampledGauge(t, r, "y")
	x.Set(1)
	y.Set(1)
	r.Batch(func() {
		x.Set(2)
		r.Batch(func() { y.Set(2) }) // nested: still waits for the outer one
		if got := string(r.AppendPrometheus(nil)); !strings.Contains(got, "\nx 1\n") || !strings.Contains(got, "\ny 1\n") {
			t.Errorf("during the batch:\n%s", got)
		}
		if x.Value() != 2 {
			t.Errorf("Value during the batch: %v", x.Value())
		}
	})
	if got := string(r.AppendPrometheus(nil)); !strings.Contains(got, "\nx 2\n") || !strings.Contains(got, "\ny 2\n") {
		t.Errorf("after the batch:\n%s", got)
	}
}

// Samplers, registrations and scrapes at once (run with -race): every
// scrape holds each family once.
func TestSampledConcurrentUse(t *testing.T) {
	r := NewRegistry()
	g := sampledGauge(t, r, "m")
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := range 200 {
			r.Batch(func() { g.Set(float64(i)) })
		}
	}()
	go func() {
		defer wg.Done()
		for _, n := range []string{"a", "n", "z", "l"} {
			sampledGauge(t, r, n).Set(1)
			if _, err := r.NewGauge(n+"_plain", ""); err != nil {
				t.Error(err)
			}
		}
	}()
	buf := make([]byte, 0, 4096)
	for range 200 {
		buf = r.AppendOpenMetrics(buf[:0])
		if n := strings.Count(string(buf), "# TYPE m gauge\n"); n != 1 {
			t.Fatalf("family m %d times:\n%s", n, buf)
		}
	}
	wg.Wait()
}
