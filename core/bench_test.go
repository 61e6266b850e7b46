package core

import (
	"context"
	"testing"
)

// benchServe routes req once per iteration from a snapshot of kubeHealth's
// checks, with a grown scratch buffer, as a transport does.
func benchServe(b *testing.B, req Request) {
	h, _ := newTestHealth(b, Options{})
	h.Flag("bot_ready", true)
	h.Register(CheckConfig{Name: "ping", Groups: GroupLive | GroupReady, Check: pass})
	h.Register(CheckConfig{Name: "etcd", Check: pass})
	h.Register(CheckConfig{Name: "cache", NonCritical: true, Check: pass})
	h.Start(context.Background())
	waitFor(b, "the checks to run", func() bool { return h.Snapshot().Ready() })
	h.Stop()
	resp := &Response{Scratch: make([]byte, 0, 64<<10)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.Route(&req, resp)
	}
	b.SetBytes(int64(len(resp.Body)))
}

func BenchmarkServeHealth(b *testing.B) { benchServe(b, Request{Method: "GET", Path: "/health"}) }
func BenchmarkServeHealthVerbose(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/health", RawQuery: "verbose", Local: true})
}
func BenchmarkServeHealthPlusJSON(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/health", Accept: "application/health+json"})
}
func BenchmarkServeReadyz(b *testing.B) { benchServe(b, Request{Method: "GET", Path: "/readyz"}) }
func BenchmarkServeReadyzVerbose(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/readyz", RawQuery: "verbose", Local: true})
}
func BenchmarkServeReadyzExclude(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/readyz", RawQuery: "verbose&exclude=etcd", Local: true})
}
func BenchmarkServeReadyzCheck(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/readyz/etcd"})
}
func BenchmarkServeMetricsPrometheus(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/metrics", Accept: "text/plain;version=0.0.4"})
}

// BenchmarkServeMetricsScrape is a Prometheus 3 scrape: its five-range
// Accept header, negotiated to OpenMetrics.
func BenchmarkServeMetricsScrape(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/metrics", Accept: "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5," +
		"application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=underscores;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1"})
}
func BenchmarkServeStatusPage(b *testing.B) {
	benchServe(b, Request{Method: "GET", Path: "/status", Local: true})
}
func BenchmarkServeNotFound(b *testing.B) { benchServe(b, Request{Method: "GET", Path: "/nope"}) }

// BenchmarkPublish measures one render of every body (each asked for
// once, as a host's probes do), which happens when a result changes and
// once a second, never per probe.
func BenchmarkPublish(b *testing.B) {
	h, _ := newTestHealth(b, Options{})
	h.Flag("bot_ready", true)
	h.Heartbeat("loop", 1e9)
	for _, n := range []string{"db", "cache", "queue", "disk", "dns"} {
		h.Register(CheckConfig{Name: n, Check: pass})
	}
	for id := bodyID(0); id < numBodies; id++ {
		askBody(h, id)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.publish()
	}
}

// BenchmarkPublishFlagSet measures the caller's side of a change while the
// scheduler runs: one atomic swap and a wake-up.
func BenchmarkPublishFlagSet(b *testing.B) {
	h, _ := newTestHealth(b, Options{})
	f, _ := h.Flag("bot_ready", true)
	h.live.Store(true)
	v := false
	b.ReportAllocs()
	for b.Loop() {
		v = !v
		f.Set(v)
	}
}

// BenchmarkPublishBeat measures Heartbeat.Beat of a passing heartbeat.
func BenchmarkPublishBeat(b *testing.B) {
	h, _ := newTestHealth(b, Options{Clock: SystemClock{}})
	hb, _ := h.Heartbeat("loop", 1e12)
	b.ReportAllocs()
	for b.Loop() {
		hb.Beat()
	}
}

// BenchmarkServeReadyzManyExcludes is the amplification case of issue 19:
// 300 flags and 560 exclude parameters that match none of them. Its cost
// must grow with the query's length, not with checks × parameters.
func BenchmarkServeReadyzManyExcludes(b *testing.B) {
	h, _ := newTestHealth(b, Options{})
	for i := range 300 {
		h.Flag("flag_"+itoa(i), true)
	}
	h.Register(CheckConfig{Name: "ping", Groups: GroupLive | GroupReady, Check: pass})
	h.Start(context.Background())
	waitFor(b, "the checks to run", func() bool { return h.Snapshot().Ready() })
	h.Stop()
	q := make([]byte, 0, 560*16)
	for i := range 560 {
		if i > 0 {
			q = append(q, '&')
		}
		q = append(q, "exclude=nope_"...)
		q = append(q, itoa(i)...)
	}
	req := Request{Method: "GET", Path: "/readyz", RawQuery: string(q)}
	resp := &Response{Scratch: make([]byte, 0, 64<<10)}
	h.Route(&req, resp)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.Route(&req, resp)
	}
}
