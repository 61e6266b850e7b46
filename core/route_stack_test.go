//go:build !race

package core

import (
	"runtime"
	"testing"
)

// TestRouteStackValuesAllocateNothing calls Route the way a user writes it:
// a Request and a Response built fresh on the caller's stack for every call,
// only the scratch buffer kept between calls. Route must not make them
// escape, on the Go toolchain and under TinyGo (whose escape analysis is
// its own), for every endpoint including a custom one.
func TestRouteStackValuesAllocateNothing(t *testing.T) {
	h := kubeHealth(t)
	h.Handle("/custom", func(req *Request, resp *Response) {
		resp.ContentType = "text/plain"
		resp.Body = append(resp.Scratch[:0], req.Path...)
		resp.Scratch = resp.Body
	})
	h.Stop() // no scheduler goroutine allocating while we count
	scratch := make([]byte, 0, 64<<10)
	for i := range stackRequests {
		r := &stackRequests[i]
		var status int
		serve := func() {
			req := Request{Method: r.Method, Path: r.Path, RawQuery: r.RawQuery, Accept: r.Accept, Local: r.Local}
			var resp Response
			resp.Scratch = scratch
			h.Route(&req, &resp)
			status, scratch = resp.Status, resp.Scratch
		}
		serve()
		if status != r.status {
			t.Errorf("%s %s?%s: status %d, want %d", r.Method, r.Path, r.RawQuery, status, r.status)
		}
		if n := mallocsPerRun(100, serve); n != 0 {
			t.Errorf("%s %s?%s (Accept %q): %v allocations, want 0", r.Method, r.Path, r.RawQuery, r.Accept, n)
		}
	}
}

// stackRequests are requests for every kind of endpoint with the status
// kubeHealth answers them with.
var stackRequests = []struct {
	Request
	status int
}{
	{Request{Method: "GET", Path: "/health"}, 503},
	{Request{Method: "GET", Path: "/health", RawQuery: "verbose", Local: true}, 503},
	{Request{Method: "GET", Path: "/health", Accept: "application/health+json"}, 503},
	{Request{Method: "GET", Path: "/livez", RawQuery: "verbose", Local: true}, 200},
	{Request{Method: "GET", Path: "/readyz", RawQuery: "verbose&exclude=etcd", Local: true}, 200},
	{Request{Method: "GET", Path: "/readyz/etcd", RawQuery: "verbose", Local: true}, 503},
	{Request{Method: "POST", Path: "/readyz"}, 405},
	{Request{Method: "GET", Path: "/nope"}, 404},
	{Request{Method: "GET", Path: "/custom"}, 200},
	{Request{Method: "GET", Path: "/metrics"}, 200},
	{Request{Method: "GET", Path: "/metrics", Accept: "text/plain;version=0.0.4"}, 200},
}

// mallocsPerRun is testing.AllocsPerRun for both toolchains: TinyGo's
// AllocsPerRun always answers 0, but its runtime counts mallocs.
func mallocsPerRun(runs int, f func()) float64 {
	var before, after runtime.MemStats
	f()
	runtime.ReadMemStats(&before)
	for i := 0; i < runs; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(runs)
}
