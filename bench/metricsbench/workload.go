// Package metricsbench measures a Prometheus scrape of the same metric set
// in healthlite, client_golang (Gather and expfmt encoding, as promhttp
// does), VictoriaMetrics/metrics (WritePrometheus with metadata) and a
// hand-written reference that is the limit for this work: series
// pre-rendered as bytes, values in atomics, one append pass.
//
// The metric set is the one issue 4 names: 200 counters and 20 histograms
// with 10 buckets, each with 2 labels. Run the comparison with
//
//	go test -run '^$' -bench Scrape -benchtime 2000x ./metricsbench
//
// Each peer reports ns/op, B/op, allocs/op and x-reference, its time as a
// multiple of the reference's in the same run.
package metricsbench

import (
	"sort"
	"strconv"
)

// Buckets are the histogram bounds of the workload (client_golang's defaults
// without the largest).
var Buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// The workload's family names and help strings.
const (
	CounterName   = "app_requests_total"
	CounterHelp   = "Requests handled."
	HistogramName = "app_request_duration_seconds"
	HistogramHelp = "Request latency."
)

// Series is one labelled series of the workload with the values it gets.
type Series struct {
	Labels  [4]string // name, value, name, value, sorted by name
	Count   float64   // counter value
	Observe []float64 // histogram observations
}

// Counters returns the 200 counter series, sorted by labels.
func Counters() []Series {
	out := make([]Series, 200)
	for i := range out {
		out[i] = Series{
			Labels: [4]string{"code", strconv.Itoa(200 + i%4), "handler", "/api/v1/item/" + strconv.Itoa(i/4)},
			Count:  float64(i * 37),
		}
	}
	sortSeries(out)
	return out
}

// Histograms returns the 20 histogram series, sorted by labels.
func Histograms() []Series {
	out := make([]Series, 20)
	for i := range out {
		s := Series{Labels: [4]string{"handler", "/api/v1/item/" + strconv.Itoa(i/2), "method", [2]string{"GET", "POST"}[i%2]}}
		for j := 0; j < 50; j++ {
			s.Observe = append(s.Observe, float64(j)*0.013*float64(i+1))
		}
		out[i] = s
	}
	sortSeries(out)
	return out
}

// sortSeries orders series as healthlite does: by their rendered labels.
func sortSeries(s []Series) {
	key := func(x Series) string {
		return "{" + x.Labels[0] + "=\"" + x.Labels[1] + "\"," + x.Labels[2] + "=\"" + x.Labels[3] + "\"}"
	}
	sort.Slice(s, func(i, j int) bool { return key(s[i]) < key(s[j]) })
}
