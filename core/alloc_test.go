//go:build !race && !tinygo

package core

import (
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

// allocRequests is one request for every endpoint and variant.
var allocRequests = []Request{
	{Method: "GET", Path: "/health"},
	{Method: "GET", Path: "/health", RawQuery: "verbose", Local: true},
	{Method: "HEAD", Path: "/health"},
	{Method: "GET", Path: "/health", Accept: "application/health+json"},
	{Method: "GET", Path: "/health", Accept: "application/json;q=0.5, application/health+json", RawQuery: "verbose", Local: true},
	{Method: "GET", Path: "/healthz"},
	{Method: "GET", Path: "/healthz", RawQuery: "verbose", Local: true},
	{Method: "GET", Path: "/livez"},
	{Method: "GET", Path: "/livez", RawQuery: "verbose", Local: true},
	{Method: "GET", Path: "/readyz"},
	{Method: "GET", Path: "/readyz", RawQuery: "verbose", Local: true},
	{Method: "GET", Path: "/readyz", RawQuery: "exclude=etcd"},
	{Method: "GET", Path: "/readyz", RawQuery: "verbose&exclude=etcd&exclude=ca%63he&exclude=nope", Local: true},
	{Method: "GET", Path: "/healthz", RawQuery: "exclude=ping&verbose"},
	{Method: "GET", Path: "/readyz/etcd", RawQuery: "verbose", Local: true},
	{Method: "GET", Path: "/readyz/ping"},
	{Method: "GET", Path: "/livez/ping"},
	{Method: "GET", Path: "/livez/nope"},
	{Method: "GET", Path: "/livez/etcd"},
	{Method: "POST", Path: "/readyz"},
	{Method: "GET", Path: "/nope"},
	{Method: "GET", Path: "/custom"},
	{Method: "GET", Path: "/status"},
	{Method: "GET", Path: "/status", Local: true},
	{Method: "HEAD", Path: "/status"},
	{Method: "GET", Path: "/metrics"},
	{Method: "GET", Path: "/metrics", Accept: "text/plain;version=0.0.4;q=0.9"},
	{Method: "HEAD", Path: "/metrics", Accept: "application/openmetrics-text;version=1.0.0"},
}

func TestRouteAllocatesNothing(t *testing.T) {
	h := kubeHealth(t)
	h.Handle("/custom", func(req *Request, resp *Response) { resp.Body = append(resp.Scratch[:0], "custom"...) })
	h.Stop() // no scheduler goroutine allocating while we count
	resp := &Response{Scratch: make([]byte, 0, 64<<10)}
	for i := range allocRequests {
		req := &allocRequests[i]
		h.Route(req, resp)
		if n := testing.AllocsPerRun(100, func() { h.Route(req, resp) }); n != 0 {
			t.Errorf("%s %s?%s (Accept %q): %v allocations, want 0", req.Method, req.Path, req.RawQuery, req.Accept, n)
		}
	}
}

// TestMetricsDetailsAllocateNothing: /metrics with a detail series, to a
// client allowed details and to one that is not.
func TestMetricsDetailsAllocateNothing(t *testing.T) {
	reg := metrics.NewRegistry()
	if _, err := reg.NewDetailGauge("perfdata", "", "label", "internal.corp"); err != nil {
		t.Fatal(err)
	}
	h := New(Options{Clock: NewManualClock(t0), Metrics: reg})
	resp := &Response{Scratch: make([]byte, 0, 64<<10)}
	for _, local := range []bool{true, false} {
		for _, query := range []string{"", "format=prometheus", "format=openmetrics"} {
			req := &Request{Method: "GET", Path: "/metrics", RawQuery: query, Local: local}
			h.Route(req, resp)
			if n := testing.AllocsPerRun(100, func() { h.Route(req, resp) }); n != 0 {
				t.Errorf("local %v, /metrics?%s: %v allocations, want 0", local, query, n)
			}
		}
	}
}

func TestUpdatesAllocateNothing(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", true)
	hb, _ := h.Heartbeat("loop", time.Minute)
	r, _ := h.Reporter("queue", GroupReady)
	r.Set(StatusPass, "fine")
	cases := map[string]func(){
		"Flag.Set unchanged":      func() { f.Set(true) },
		"Heartbeat.Beat passing":  func() { hb.Beat() },
		"Reporter.Set unchanged":  func() { r.Set(StatusPass, "fine") },
		"ManualClock.Now":         func() { c.Now() },
		"Snapshot":                func() { h.Snapshot() },
		"Snapshot.Ready":          func() { h.Snapshot().Ready() },
		"wantsHealthPlusJSON":     func() { wantsHealthPlusJSON("text/html;q=0.9, application/health+json;q=0.8") },
		"parseQuery and excludes": func() { q := parseQuery("verbose&exclude=a%20b"); q.excludes("a b") },
		"excludeSet": func() {
			q := parseQuery("verbose&exclude=loop&exclude=queue&exclude=nope")
			var ex excludeSet
			ex.set(&q, h.Snapshot())
			ex.has(0, "loop")
		},
	}
	for name, fn := range cases {
		if n := testing.AllocsPerRun(100, fn); n != 0 {
			t.Errorf("%s: %v allocations, want 0", name, n)
		}
	}
	// While the scheduler runs, a change only wakes it: the caller's update
	// does not allocate, the render happens on the scheduler's goroutine
	// (absent here, so that only the caller's allocations are counted).
	h.live.Store(true)
	v := false
	hb.failing.Store(true)
	changes := map[string]func(){
		"Flag.Set changed": func() { v = !v; f.Set(v) },
		"Reporter.Set changed": func() {
			v = !v
			if v {
				r.Set(StatusWarn, "slow")
			} else {
				r.Set(StatusFail, "down")
			}
		},
		"Heartbeat.Beat failed": func() { hb.Beat() },
	}
	for name, fn := range changes {
		if n := testing.AllocsPerRun(100, fn); n != 0 {
			t.Errorf("%s: %v allocations, want 0", name, n)
		}
	}
}
