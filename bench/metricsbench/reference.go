package metricsbench

import (
	"math"
	"strconv"
	"sync/atomic"
)

// Reference is the hand-written limit of a scrape: every series name and
// label set rendered once as bytes, every value in an atomic, and a scrape
// that is one append pass writing integers with strconv.AppendUint. It
// writes the same bytes as healthlite's Prometheus text encoder for the
// workload, with none of its generality (no validation, no float counters,
// no formats but one).
type Reference struct {
	counterHead, histHead []byte
	counters              []refCounter
	hists                 []refHistogram
}

type refCounter struct {
	prefix []byte // `name{labels} `
	n      atomic.Uint64
}

type refHistogram struct {
	buckets    [][]byte // `name_bucket{labels,le="x"} `, the last +Inf
	sum, count []byte
	counts     []atomic.Uint64 // per bucket, not cumulative
	upper      []float64
	sumBits    atomic.Uint64
}

// NewReference builds the reference registry for the workload.
func NewReference() *Reference {
	r := &Reference{
		counterHead: []byte("# HELP " + CounterName + " " + CounterHelp + "\n# TYPE " + CounterName + " counter\n"),
		histHead:    []byte("# HELP " + HistogramName + " " + HistogramHelp + "\n# TYPE " + HistogramName + " histogram\n"),
	}
	labels := func(s Series) string {
		return s.Labels[0] + `="` + s.Labels[1] + `",` + s.Labels[2] + `="` + s.Labels[3] + `"`
	}
	cs := Counters()
	r.counters = make([]refCounter, len(cs))
	for i, s := range cs {
		r.counters[i].prefix = []byte(CounterName + "{" + labels(s) + "} ")
		r.counters[i].n.Store(uint64(s.Count))
	}
	hs := Histograms()
	r.hists = make([]refHistogram, len(hs))
	for i, s := range hs {
		h := &r.hists[i]
		h.upper = Buckets
		h.counts = make([]atomic.Uint64, len(Buckets)+1)
		for j := range h.counts {
			le := "+Inf"
			if j < len(Buckets) {
				le = strconv.FormatFloat(Buckets[j], 'g', -1, 64)
			}
			h.buckets = append(h.buckets, []byte(HistogramName+"_bucket{"+labels(s)+`,le="`+le+`"} `))
		}
		h.sum = []byte(HistogramName + "_sum{" + labels(s) + "} ")
		h.count = []byte(HistogramName + "_count{" + labels(s) + "} ")
		for _, v := range s.Observe {
			h.observe(v)
		}
	}
	return r
}

func (h *refHistogram) observe(v float64) {
	i := 0
	for i < len(h.upper) && v > h.upper[i] {
		i++
	}
	h.counts[i].Add(1)
	for {
		old := h.sumBits.Load()
		if h.sumBits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// AppendPrometheus appends the workload in text format 0.0.4.
func (r *Reference) AppendPrometheus(dst []byte) []byte {
	dst = append(dst, r.histHead...)
	for i := range r.hists {
		h := &r.hists[i]
		var cum uint64
		for j := range h.counts {
			cum += h.counts[j].Load()
			dst = append(dst, h.buckets[j]...)
			dst = strconv.AppendUint(dst, cum, 10)
			dst = append(dst, '\n')
		}
		dst = append(dst, h.sum...)
		dst = strconv.AppendFloat(dst, math.Float64frombits(h.sumBits.Load()), 'g', -1, 64)
		dst = append(dst, '\n')
		dst = append(dst, h.count...)
		dst = strconv.AppendUint(dst, cum, 10)
		dst = append(dst, '\n')
	}
	dst = append(dst, r.counterHead...)
	for i := range r.counters {
		c := &r.counters[i]
		dst = append(dst, c.prefix...)
		dst = strconv.AppendUint(dst, c.n.Load(), 10)
		dst = append(dst, '\n')
	}
	return dst
}
