package metrics_test

import (
	"fmt"
	"math"

	"github.com/healthlite/healthlite/core/metrics"
)

func ExampleRegistry_AppendPrometheus() {
	reg := metrics.NewRegistry()
	requests, _ := reg.NewCounter("http_requests_total", "Requests served.", "code", "200", "method", "GET")
	temp, _ := reg.NewGauge("temperature_celsius", "Board temperature.")
	latency, _ := reg.NewHistogram("latency_seconds", "Request latency.", []float64{0.1, 1})

	requests.Inc()
	requests.Add(2)
	temp.Set(21.5)
	latency.Observe(0.05)
	latency.Observe(0.5)
	latency.Observe(math.Inf(1))

	fmt.Print(string(reg.AppendPrometheus(nil)))
	// Output:
	// # HELP http_requests_total Requests served.
	// # TYPE http_requests_total counter
	// http_requests_total{code="200",method="GET"} 3
	// # HELP latency_seconds Request latency.
	// # TYPE latency_seconds histogram
	// latency_seconds_bucket{le="0.1"} 1
	// latency_seconds_bucket{le="1"} 2
	// latency_seconds_bucket{le="+Inf"} 3
	// latency_seconds_sum +Inf
	// latency_seconds_count 3
	// # HELP temperature_celsius Board temperature.
	// # TYPE temperature_celsius gauge
	// temperature_celsius 21.5
}

func ExampleRegistry_AppendOpenMetrics() {
	reg := metrics.NewRegistry()
	jobs, _ := reg.NewCounter("jobs_total", "Jobs done.", "queue", "say \"hi\"\n")
	size, _ := reg.NewHistogram("size_bytes", "", []float64{1, 1e6})
	jobs.Inc()
	size.Observe(3)

	fmt.Print(string(reg.AppendOpenMetrics(nil)))
	// Output:
	// # HELP jobs Jobs done.
	// # TYPE jobs counter
	// jobs_total{queue="say \"hi\"\n"} 1
	// # TYPE size_bytes histogram
	// size_bytes_bucket{le="1.0"} 0
	// size_bytes_bucket{le="1e+06"} 1
	// size_bytes_bucket{le="+Inf"} 1
	// size_bytes_sum 3
	// size_bytes_count 1
	// # EOF
}

func ExampleRegistry_AppendJSON() {
	reg := metrics.NewRegistry()
	up, _ := reg.NewGauge("up", "1 when serving.", "instance", "a")
	_ = reg.NewGaugeFunc("ratio", "", func() float64 { return math.NaN() })
	up.Set(1)

	fmt.Println(string(reg.AppendJSON(nil)))
	// Output:
	// {"ratio":{"type":"gauge","help":"","series":[{"labels":{},"value":"NaN"}]},"up":{"type":"gauge","help":"1 when serving.","series":[{"labels":{"instance":"a"},"value":1}]}}
}

func ExampleNegotiate() {
	// What Prometheus sends when scraping.
	accept := "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"
	f := metrics.Negotiate(accept, "")
	fmt.Println(f, "→", f.ContentType())

	f = metrics.Negotiate("text/plain", "")
	fmt.Println(f, "→", f.ContentType())

	f = metrics.Negotiate(accept, "format=json")
	fmt.Println(f, "→", f.ContentType())
	// Output:
	// openmetrics → application/openmetrics-text; version=1.0.0; charset=utf-8
	// prometheus → text/plain; version=0.0.4; charset=utf-8
	// json → application/json
}

func ExampleRegistry_NewCounter_errors() {
	reg := metrics.NewRegistry()
	_, err := reg.NewCounter("2xx_total", "")
	fmt.Println(err)
	_, err = reg.NewCounter("hits_total", "", "path")
	fmt.Println(err)
	_, _ = reg.NewCounter("hits_total", "", "path", "/")
	_, err = reg.NewCounter("hits_total", "", "path", "/")
	fmt.Println(err)
	_, err = reg.NewHistogram("wait_seconds", "", []float64{1, 2}, "le", "x")
	fmt.Println(err)
	// Output:
	// healthlite: metric["2xx_total"]: invalid metric name: use letters, digits, '_' and ':', not starting with a digit
	// healthlite: metric["hits_total"]: invalid labels: odd number of label strings (1); pass name, value pairs
	// healthlite: metric["hits_total"]: duplicate series: a series with labels {path="/"} is already registered; register each label set once and reuse it
	// healthlite: metric["wait_seconds"]: invalid labels: label name "le" is reserved for histogram buckets
}

// A labelled counter: each label set is registered and pre-rendered on its
// first use, up to the cap (here 16), and found without allocating after.
func ExampleRegistry_NewCounterVec() {
	reg := metrics.NewRegistry()
	requests, _ := reg.NewCounterVec("http_requests_total", "Requests served.", 16, "method", "code")

	for _, code := range []string{"200", "200", "503"} {
		c, err := requests.With("GET", code)
		if err != nil {
			panic(err) // past the cap, or the wrong number of values
		}
		c.Inc()
	}

	fmt.Print(string(reg.AppendPrometheus(nil)))
	// Output:
	// # HELP http_requests_total Requests served.
	// # TYPE http_requests_total counter
	// http_requests_total{code="200",method="GET"} 2
	// http_requests_total{code="503",method="GET"} 1
}

// A sampler sets its values in one Batch: the registry renders them once,
// as one block a scrape copies, and a scrape sees them all from one sample.
func ExampleRegistry_Batch() {
	reg := metrics.NewRegistry()
	rss, _ := reg.NewSampledGauge("process_resident_memory_bytes", "Resident memory size in bytes.")
	cpu, _ := reg.NewSampledCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
	sample := func() { // every few seconds, off the scrape path
		reg.Batch(func() {
			rss.Set(12 << 20)
			cpu.Set(0.42)
		})
	}
	sample()
	fmt.Print(string(reg.AppendOpenMetrics(nil)))
	// Output:
	// # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
	// # TYPE process_cpu_seconds counter
	// process_cpu_seconds_total 0.42
	// # HELP process_resident_memory_bytes Resident memory size in bytes.
	// # TYPE process_resident_memory_bytes gauge
	// process_resident_memory_bytes 1.2582912e+07
	// # EOF
}
