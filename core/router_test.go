package core

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestRouteMethodsAndPaths(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Start(context.Background())
	defer h.Stop()
	for _, path := range []string{"/health", "/healthz", "/livez", "/readyz"} {
		get := &Response{}
		h.Route(&Request{Method: "GET", Path: path}, get)
		head := &Response{}
		h.Route(&Request{Method: "HEAD", Path: path}, head)
		if get.Status != 200 || head.Status != 200 || string(head.Body) != string(get.Body) || head.ContentType != get.ContentType || len(get.Body) == 0 {
			t.Errorf("%s: GET %d %q, HEAD %d %q", path, get.Status, get.Body, head.Status, head.Body)
		}
		for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS", "get", ""} {
			resp := &Response{}
			h.Route(&Request{Method: m, Path: path}, resp)
			if resp.Status != 405 || len(resp.Headers) != 1 || resp.Headers[0] != (Header{"Allow", "GET, HEAD"}) {
				t.Errorf("%s %s = %d %v, want 405 with Allow", m, path, resp.Status, resp.Headers)
			}
		}
	}
	for _, path := range []string{"/", "/nope", "/health/", "/healthz/x", "/readyz/", "/livez/", "/HEALTH"} {
		resp := &Response{Headers: []Header{{"X", "stale"}}}
		h.Route(&Request{Method: "GET", Path: path}, resp)
		if resp.Status != 404 || string(resp.Body) != "404 page not found\n" || resp.Headers != nil {
			t.Errorf("GET %s = %d %q %v, want 404", path, resp.Status, resp.Body, resp.Headers)
		}
	}
	resp := &Response{}
	h.Route(&Request{Method: "DELETE", Path: "/nope"}, resp)
	if resp.Status != 404 {
		t.Errorf("DELETE of an unknown path = %d, want 404", resp.Status)
	}
}

// reportingHealth is a started Health with options opts whose one check,
// the reporter "dep", set reports each status given to it, published at
// once.
func reportingHealth(t *testing.T, opts Options) (h *Health, set func(Status)) {
	h, _ = newTestHealth(t, opts)
	r, _ := h.Reporter("dep", GroupReady)
	h.Start(context.Background())
	t.Cleanup(h.Stop)
	return h, func(s Status) {
		r.Set(s, s.String())
		h.Publish()
	}
}

func TestRouteHealthStatusCodes(t *testing.T) {
	h, set := reportingHealth(t, Options{})
	for _, c := range []struct {
		s    Status
		code int
		word string
	}{{StatusPass, 200, "healthy"}, {StatusWarn, 200, "degraded"}, {StatusFail, 503, "unhealthy"}, {StatusUnknown, 503, "unhealthy"}} {
		set(c.s)
		resp := get(h, "/health")
		if resp.Status != c.code || resp.ContentType != "application/json" || !strings.Contains(string(resp.Body), `"status":"`+c.word+`"`) {
			t.Errorf("/health with %v = %d %s", c.s, resp.Status, resp.Body)
		}
		if resp := get(h, "/readyz"); resp.Status != c.code {
			t.Errorf("/readyz with %v = %d", c.s, resp.Status)
		}
	}
}

func TestConfiguredStatusCodes(t *testing.T) {
	h, set := reportingHealth(t, Options{PassingCode: 204, FailingCode: 500})
	for _, c := range []struct {
		s    Status
		code int
	}{{StatusPass, 204}, {StatusWarn, 204}, {StatusFail, 500}} {
		set(c.s)
		for _, path := range []string{"/health", "/healthz", "/readyz", "/readyz/dep"} {
			if resp := get(h, path); resp.Status != c.code {
				t.Errorf("%s with %v = %d, want %d", path, c.s, resp.Status, c.code)
			}
		}
	}
	if resp := get(h, "/nope"); resp.Status != 404 {
		t.Errorf("/nope = %d, want 404 whatever the configured codes", resp.Status)
	}
	prom := get(h, "/metrics?format=prometheus")
	for _, want := range []string{
		`healthlite_probe_requests_total{code="500",endpoint="/readyz"} 1`,
		`healthlite_probe_requests_total{code="204",endpoint="/readyz"} 2`,
		`healthlite_probe_requests_total{code="200",endpoint="/metrics"} 0`,
	} {
		if !strings.Contains(string(prom.Body), want) {
			t.Errorf("/metrics lacks %s:\n%s", want, prom.Body)
		}
	}
}

func TestDetailsPolicy(t *testing.T) {
	for _, c := range []struct {
		details       Details
		local, remote bool // whether details are shown to such clients
	}{{DetailsLocal, true, false}, {DetailsAll, true, true}, {DetailsNone, false, false}} {
		h := New(Options{Details: c.details, Clock: NewManualClock(t0)})
		r, _ := h.Reporter("db", GroupReady)
		r.Set(StatusFail, "secret host 10.1.2.3")
		for _, local := range []bool{true, false} {
			want := c.remote
			if local {
				want = c.local
			}
			for _, target := range []string{"/readyz", "/health", "/readyz/db", "/readyz?exclude=x"} {
				path, _, _ := strings.Cut(target, "?")
				q := "verbose"
				if strings.Contains(target, "?") {
					q = target[strings.Index(target, "?")+1:] + "&verbose"
				}
				resp := &Response{}
				h.Route(&Request{Method: "GET", Path: path, RawQuery: q, Local: local}, resp)
				if got := strings.Contains(string(resp.Body), "secret host"); got != want {
					t.Errorf("details %v, local %v, %s?%s: message shown %v, want %v\n%s", c.details, local, path, q, got, want, resp.Body)
				}
			}
		}
	}
}

func TestHandleCustomEndpoints(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	body := []byte(`{"custom_metric":"value"}`)
	h.Handle("/custom", func(req *Request, resp *Response) {
		resp.ContentType, resp.Body = "application/json", body
	})
	h.Handle("/health", func(req *Request, resp *Response) {
		resp.Status, resp.Body = 418, []byte(req.Method)
	})
	if resp := get(h, "/custom"); resp.Status != 200 || string(resp.Body) != string(body) || resp.ContentType != "application/json" {
		t.Errorf("/custom = %d %q %q", resp.Status, resp.Body, resp.ContentType)
	}
	if resp := get(h, "/health"); resp.Status != 418 || string(resp.Body) != "GET" {
		t.Errorf("overridden /health = %d %q", resp.Status, resp.Body)
	}
	if !h.HandlesCustom("/custom") || !h.HandlesCustom("/health") || h.HandlesCustom("/livez") {
		t.Error("HandlesCustom does not report the custom endpoints alone")
	}
	h.Handle("/health", nil)
	if resp := get(h, "/health"); resp.Status != 503 || resp.ContentType != "application/json" {
		t.Errorf("/health after removing the override = %d %q", resp.Status, resp.ContentType)
	}
	if h.HandlesCustom("/health") {
		t.Error("HandlesCustom(/health) after removing the override")
	}
}

func TestRouteKeepsScratchGrown(t *testing.T) {
	h := kubeHealth(t)
	resp := &Response{}
	h.Route(&Request{Method: "GET", Path: "/readyz", RawQuery: "exclude=etcd&verbose", Local: true}, resp)
	if cap(resp.Scratch) == 0 || &resp.Scratch[:1][0] != &resp.Body[:1][0] {
		t.Fatal("the body rendered per request is not kept in Scratch")
	}
	grown := cap(resp.Scratch)
	h.Route(&Request{Method: "GET", Path: "/readyz/ping", Local: true}, resp)
	if cap(resp.Scratch) != grown || string(resp.Body) != "ok" {
		t.Errorf("Scratch was replaced: cap %d, was %d; body %q", cap(resp.Scratch), grown, resp.Body)
	}
}

// FuzzRoute routes arbitrary requests: every answer is well formed, JSON
// bodies are valid JSON, and Kubernetes bodies agree with their status.
func FuzzRoute(f *testing.F) {
	f.Add("GET", "/readyz", "verbose&exclude=etcd&exclude=x%zz", "", true)
	f.Add("HEAD", "/health", "verbose", "application/health+json;q=0.5, */*;q=0.1", false)
	f.Add("GET", "/readyz/etcd", "", "", true)
	f.Add("GET", "/metrics", "format=openmetrics", "text/plain", false)
	f.Add("PUT", "/livez", "", "", false)
	h := kubeHealthFor(f)
	f.Fuzz(func(t *testing.T, method, path, query, accept string, local bool) {
		resp := &Response{}
		h.Route(&Request{Method: method, Path: path, RawQuery: query, Accept: accept, Local: local}, resp)
		switch resp.Status {
		case 200, 503:
		case 405:
			if len(resp.Headers) != 1 || resp.Headers[0].Key != "Allow" {
				t.Fatalf("405 without Allow: %v", resp.Headers)
			}
			return
		case 404:
			return
		default:
			t.Fatalf("%s %s?%s: status %d", method, path, query, resp.Status)
		}
		if resp.ContentType == "" || len(resp.Body) == 0 {
			t.Fatalf("%s %s?%s: empty answer %q %q", method, path, query, resp.ContentType, resp.Body)
		}
		body := string(resp.Body)
		switch {
		case strings.Contains(resp.ContentType, "json"):
			if !json.Valid(resp.Body) {
				t.Fatalf("%s %s?%s: invalid JSON %s", method, path, query, body)
			}
		case resp.ContentType == contentText:
			passed := body == "ok" || strings.HasSuffix(body, " check passed\n") || (strings.HasPrefix(body, "[+]") && strings.Count(body, "\n") == 1)
			if passed != (resp.Status == 200) {
				t.Fatalf("%s %s?%s: %d with body %q", method, path, query, resp.Status, body)
			}
			if !local && strings.Contains(body, "connection refused") {
				t.Fatalf("details shown to a remote client: %q", body)
			}
		}
	})
}

// TestResponseFixed: Fixed is set exactly when Body is not in Scratch, so
// a transport can send it without a copy. The first request for a body the
// snapshot does not pre-render yet is answered from Scratch; the next, from
// the snapshot.
func TestResponseFixed(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Reporter("db", GroupReady)
	h.Handle("/custom", func(req *Request, resp *Response) { resp.Body = append(resp.Scratch[:0], "x"...) })
	for target, want := range map[string]bool{
		"/health": true, "/readyz": true, "/nope": true, "/livez?verbose": true,
		"/readyz?exclude=db": false, "/readyz/db": false, "/livez/db": false, "/metrics": false, "/custom": false,
	} {
		for i := 0; i < 2; i++ {
			resp := &Response{Scratch: make([]byte, 0, 4096)}
			path, query, _ := strings.Cut(target, "?")
			h.Route(&Request{Method: "GET", Path: path, RawQuery: query, Local: true}, resp)
			scratch := len(resp.Body) > 0 && cap(resp.Scratch) > 0 && &resp.Body[0] == &resp.Scratch[:1][0]
			if (i == 1 && resp.Fixed != want) || resp.Fixed == scratch {
				t.Errorf("%s (request %d): Fixed %v (body in Scratch %v), want %v", target, i+1, resp.Fixed, scratch, want)
			}
		}
	}
	resp := &Response{Fixed: true}
	h.Route(&Request{Method: "POST", Path: "/custom"}, resp)
	if resp.Fixed {
		t.Error("a custom endpoint's answer is Fixed though it did not say so")
	}
}
