package transporttest

import (
	"bytes"
	"testing"
)

// healthJSON is the Accept value that asks /health for the IETF format.
const healthJSON = "application/health+json"

// endpointRequests are GETs of every endpoint and query form, including the
// ones rendered per request into the scratch buffer (?exclude, /readyz/NAME,
// the custom endpoint).
var endpointRequests = []request{
	get("/health"),
	get("/health?verbose"),
	{method: "GET", target: "/health", accept: healthJSON},
	{method: "GET", target: "/health?verbose", accept: healthJSON},
	{method: "GET", target: "/health", accept: "text/html, application/health+json;q=0.9"},
	get("/healthz"),
	get("/healthz?verbose"),
	get("/livez"),
	get("/livez?verbose"),
	get("/readyz"),
	get("/readyz?verbose"),
	get("/readyz?exclude=queue"),
	get("/readyz?verbose&exclude=queue&exclude=cache"),
	get("/healthz?exclude=db&exclude=queue&verbose"),
	get("/readyz/db"),
	get("/readyz/db?verbose"),
	get("/readyz/queue?verbose"),
	get("/livez/db"),
	get("/custom?a=1&b"),
	get("/raw"),
	get("/status"),
}

func testEndpoints(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	for _, r := range endpointRequests {
		a, ok := c.do(t, r)
		if !ok {
			return
		}
		check(t, r, a, f.route(r.method, r.target, r.accept))
	}

	// Beyond agreeing with the router, the answers mean what the fixture
	// set up: db passes, the ready-only queue fails, and ?verbose shows the
	// service and pid that duplicate-instance detection reads. A transport
	// that lost the query, the Accept header or the client's locality fails
	// here even if the router's answers were to change.
	expect := []struct {
		r      request
		status int
		body   string
	}{
		{get("/livez"), 200, ""},
		{get("/readyz"), 503, ""},
		{get("/readyz?exclude=queue"), 200, ""},
		{get("/readyz/queue?verbose"), 503, "backlog of 5000"},
		{get("/health?verbose"), 503, `"service":"conformance"`},
		{get("/health?verbose"), 503, `"pid":4242`},
		{get("/readyz?verbose"), 503, "[+]db ok"},
		{get("/status"), 200, `data-check="queue" data-status="fail"`},
		{get("/status"), 200, "backlog of 5000"},
	}
	for _, e := range expect {
		a, ok := c.do(t, e.r)
		if !ok {
			return
		}
		if a.StatusCode != e.status || !bytes.Contains(a.body, []byte(e.body)) {
			t.Errorf("%s: %d %q, want %d and a body containing %q", e.r.target, a.StatusCode, a.body, e.status, e.body)
		}
	}
	// A loopback client that names another host is a web page that reached
	// loopback through DNS rebinding: it gets statuses, never details.
	a, ok := c.do(t, request{method: "GET", target: "/readyz/queue?verbose", host: "rebind.example:8080"})
	if ok && (a.StatusCode != 503 || bytes.Contains(a.body, []byte("backlog of 5000"))) {
		t.Errorf("/readyz/queue?verbose with Host: rebind.example: %d %q, want 503 without the check's message", a.StatusCode, a.body)
	}
	a, ok = c.do(t, request{method: "GET", target: "/status", host: "rebind.example:8080"})
	if ok && (a.StatusCode != 200 || bytes.Contains(a.body, []byte("backlog of 5000")) || !bytes.Contains(a.body, []byte(`data-check="queue"`))) {
		t.Errorf("/status with Host: rebind.example: %d %q, want 200 with the check but without its message", a.StatusCode, a.body)
	}
	a, ok = c.do(t, request{method: "GET", target: "/health", accept: healthJSON})
	if ok && a.Header.Get("Content-Type") != healthJSON {
		t.Errorf("/health with Accept: %s answered Content-Type %q", healthJSON, a.Header.Get("Content-Type"))
	}
}

func testHead(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	for _, g := range endpointRequests {
		r := g
		r.method = "HEAD"
		a, ok := c.do(t, r)
		if !ok {
			return
		}
		// The router's GET answer: HEAD must send its length, not its body.
		check(t, r, a, f.route("GET", r.target, r.accept))
	}
}

func testMethodNotAllowed(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	for _, m := range []string{"POST", "PUT", "DELETE", "OPTIONS", "PATCH"} {
		for _, target := range []string{"/health", "/readyz?verbose", "/livez/db"} {
			r := request{method: m, target: target}
			a, ok := c.do(t, r)
			if !ok {
				return
			}
			want := f.route(m, target, "")
			check(t, r, a, want)
			if a.StatusCode != 405 || a.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d with Allow %q, want 405 with Allow \"GET, HEAD\"", m, target, a.StatusCode, a.Header.Get("Allow"))
			}
		}
	}
}

func testNotFound(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	for _, target := range []string{"/", "/nope", "/healthz/", "/readyz/nope", "/livez/queue", "/HEALTH", "/health/x"} {
		for _, method := range []string{"GET", "HEAD"} {
			r := request{method: method, target: target}
			a, ok := c.do(t, r)
			if !ok {
				return
			}
			check(t, r, a, f.route("GET", target, ""))
			if a.StatusCode != 404 {
				t.Errorf("%s %s: %d, want 404", method, target, a.StatusCode)
			}
		}
	}
}
