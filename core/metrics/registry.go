package metrics

import (
	"sync"
	"sync/atomic"

	"github.com/healthlite/healthlite/core/internal/goquote"
)

// Registry holds metric families and renders them. Registration takes a
// lock and allocates; scrapes read an immutable list of families through an
// atomic pointer, take no lock and allocate nothing when dst has room.
// The zero Registry is empty and ready to use.
//
// A series costs what its rendered names and labels take and little more:
// the registry keeps no index beside the sorted list (registration searches
// it), and formats that render a name the same way share one string.
type Registry struct {
	mu    sync.Mutex                // serializes registration and the rendering of sampled values
	fams  atomic.Pointer[[]*family] // sorted by name; replaced, never changed
	batch int32                     // Batch calls under way
	dirty bool                      // a sampled value changed during the batch
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{} }

// kind is a metric family's type.
type kind uint8

const (
	kindCounter kind = iota
	kindGauge
	kindHistogram
	kindSummary
	kindUnknownCounter // a counter OpenMetrics writes as type unknown (see NewSampledCounterUnknownInOpenMetrics)
)

var kindWords = [...]string{kindCounter: "counter", kindGauge: "gauge", kindHistogram: "histogram", kindSummary: "summary", kindUnknownCounter: "counter"}

// family is one metric name with its help, type and series, each rendering
// pre-computed. A family is immutable once published.
type family struct {
	name, help string
	kind       kind
	inRun      bool        // rendered as part of a sampledRun, in the text formats
	head       [3]string   // per Format: HELP and TYPE lines, or the JSON key and object start
	series     []*series   // sorted by labels
	public     int         // series that are not detail series
	run        *sampledRun // on the first family of a run: the run, rendered whole
}

// series is one label set of a family with its value source and its
// pre-rendered names and labels.
type series struct {
	key     string // rendered labels, for ordering; part of a rendered name
	counter *Counter
	gauge   *Gauge
	fn      func() float64
	hist    *Histogram
	detail  bool       // labels from check output: rendered only with details
	text    [3]string  // per Format: written before the value (histograms: JSON's labels only)
	hx      *histNames // histograms, summaries and sampled series only
}

// histNames holds the bytes a histogram series writes before each bucket
// (the last is +Inf), its sum and its count; a summary's before each quantile.
// It also holds a sampled series' value source (see Sampled), which keeps
// the series of every other kind a few words smaller. Bucket names are shared between
// formats, and JSON's between series with the same bounds, where they are equal.
type histNames struct {
	buckets    [3][]string // per Format
	sum, count string      // the same in both text formats
	sampled    *Sampled
	summary    *SampledSummary
}

// NewCounter registers and returns a counter. labels are constant name,
// value pairs: "method", "GET", "code", "200". By convention counter names
// end in "_total"; OpenMetrics output adds the suffix when it is missing.
func (r *Registry) NewCounter(name, help string, labels ...string) (*Counter, error) {
	c := new(Counter)
	if err := r.register(name, help, kindCounter, labels, &series{counter: c}, nil); err != nil {
		return nil, err
	}
	return c, nil
}

// NewGauge registers and returns a gauge with constant labels given as
// name, value pairs.
func (r *Registry) NewGauge(name, help string, labels ...string) (*Gauge, error) {
	g := new(Gauge)
	if err := r.register(name, help, kindGauge, labels, &series{gauge: g}, nil); err != nil {
		return nil, err
	}
	return g, nil
}

// NewDetailGauge registers and returns a gauge like NewGauge, for a series
// whose label values come from a check's output rather than from the
// operator's configuration: a Nagios plugin's perfdata labels, metric names a
// WASM guest chooses. Such labels can name internal hosts, users or paths,
// so the series is a detail: Append and its format-specific variants render
// it, AppendPublic leaves it out (the router uses AppendPublic for clients
// that the Details policy does not allow).
func (r *Registry) NewDetailGauge(name, help string, labels ...string) (*Gauge, error) {
	g := new(Gauge)
	if err := r.register(name, help, kindGauge, labels, &series{gauge: g, detail: true}, nil); err != nil {
		return nil, err
	}
	return g, nil
}

// NewGaugeFunc registers a gauge whose value is fn's result at each scrape,
// for values that are cheaper to read than to keep up to date (uptime,
// queue length). fn runs on the scrape path: it must be fast, safe for
// concurrent use, and should not allocate.
func (r *Registry) NewGaugeFunc(name, help string, fn func() float64, labels ...string) error {
	if fn == nil {
		return newError(name, ErrNilFunc, "pass the function that reads the value")
	}
	return r.register(name, help, kindGauge, labels, &series{fn: fn}, nil)
}

// NewHistogram registers and returns a histogram with the given bucket
// upper bounds, which must be strictly ascending; the +Inf bucket is always
// added. The label "le" is reserved for the buckets.
func (r *Registry) NewHistogram(name, help string, buckets []float64, labels ...string) (*Histogram, error) {
	upper, err := checkBuckets(name, buckets)
	if err != nil {
		return nil, err
	}
	h := newHistogram(upper)
	if err := r.register(name, help, kindHistogram, labels, &series{hist: h}, upper); err != nil {
		return nil, err
	}
	return h, nil
}

// register validates s and adds it to its family, publishing a new list.
func (r *Registry) register(name, help string, k kind, labels []string, s *series, upper []float64) error {
	if err := checkName(name); err != nil {
		return err
	}
	if k == kindCounter && name == "_total" {
		return newError(name, ErrInvalidName, "a counter needs a name before \"_total\"")
	}
	reserved := ""
	switch k {
	case kindHistogram:
		reserved = "le"
	case kindSummary:
		reserved = "quantile"
	}
	pairs, err := sortLabels(name, labels, reserved)
	if err != nil {
		return err
	}

	var keyBuf [128]byte
	key := appendTextLabels(keyBuf[:0], pairs)

	r.mu.Lock()
	defer r.mu.Unlock()
	var fams []*family
	if p := r.fams.Load(); p != nil {
		fams = *p
	}
	var old *family
	for _, g := range fams {
		if g.name == name {
			old = g
			break
		}
	}
	if old != nil {
		if old.kind != k {
			return newError(name, ErrConflict, "already registered as a "+kindWords[old.kind]+", not a "+kindWords[k])
		}
		if old.help != help {
			return newError(name, ErrConflict, "help "+goquote.Quote(help)+" differs from "+goquote.Quote(old.help)+" given before")
		}
	}
	for _, g := range fams {
		if g.name == name {
			continue
		}
		for _, c := range claimedNames(name, k) {
			if claims(g, c) {
				return newError(name, ErrConflict, "its sample or family name "+goquote.Quote(c)+" is already written by metric "+goquote.Quote(g.name))
			}
		}
	}
	var like *series // a histogram series with the same bounds, whose JSON names s can share
	if old != nil {
		for _, o := range old.series {
			if o.key == string(key) {
				return newError(name, ErrDuplicate, "a series with labels "+o.key+" is already registered; register each label set once and reuse it")
			}
			if k == kindHistogram && like == nil && equal(o.hist.upper, upper) {
				like = o
			}
		}
	}
	render(s, name, k, pairs, upper, like)

	f := &family{name: name, help: help, kind: k}
	if old != nil {
		*f = *old
		f.series = make([]*series, 0, len(old.series)+1)
		f.series = append(f.series, old.series...)
	} else {
		renderHead(f)
	}
	// Insert s in label order.
	i := len(f.series)
	f.series = append(f.series, s)
	for ; i > 0 && f.series[i-1].key > s.key; i-- {
		f.series[i] = f.series[i-1]
	}
	f.series[i] = s
	if !s.detail {
		f.public++
	}
	if s.hx != nil && s.hx.summary != nil {
		s.hx.summary.s = s
		s.hx.summary.render(nil, 0, 0)
	}

	next := make([]*family, 0, len(fams)+1)
	placed := false
	for _, g := range fams {
		switch {
		case g.name == name:
			next = append(next, f)
			placed = true
			continue
		case !placed && g.name > name:
			next = append(next, f)
			placed = true
		}
		next = append(next, g)
	}
	if !placed {
		next = append(next, f)
	}
	if link := linkRunsFunc.Load(); link != nil {
		(*link)(next)
	}
	r.fams.Store(&next)
	return nil
}

// claims reports whether family g writes the sample or family name c in any
// format.
func claims(g *family, c string) bool {
	switch g.kind {
	case kindCounter:
		base := openMetricsCounterName(g.name)
		return c == base || hasSuffixAfter(c, base, "_total")
	case kindHistogram:
		return c == g.name || hasSuffixAfter(c, g.name, "_bucket") || hasSuffixAfter(c, g.name, "_sum") || hasSuffixAfter(c, g.name, "_count")
	case kindSummary:
		return c == g.name || hasSuffixAfter(c, g.name, "_sum") || hasSuffixAfter(c, g.name, "_count")
	}
	return c == g.name
}

// hasSuffixAfter reports whether s is prefix followed by suffix.
func hasSuffixAfter(s, prefix, suffix string) bool {
	return len(s) == len(prefix)+len(suffix) && s[:len(prefix)] == prefix && s[len(prefix):] == suffix
}

// equal reports whether a and b hold the same elements: two histograms'
// buckets, two label value lists.
func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// claimedNames lists the names a family writes in any format, so that two
// families never write the same sample name.
func claimedNames(name string, k kind) []string {
	switch k {
	case kindCounter:
		base := openMetricsCounterName(name)
		return []string{base, base + "_total"}
	case kindHistogram:
		return []string{name, name + "_bucket", name + "_sum", name + "_count"}
	case kindSummary:
		return []string{name, name + "_sum", name + "_count"}
	}
	return []string{name}
}

// openMetricsCounterName is the OpenMetrics family name of a counter: its
// name without the "_total" suffix.
func openMetricsCounterName(name string) string {
	if n := len(name) - len("_total"); n > 0 && name[n:] == "_total" {
		return name[:n]
	}
	return name
}
