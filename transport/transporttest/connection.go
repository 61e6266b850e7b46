package transporttest

import (
	"errors"
	"io"
	"strconv"
	"sync"
	"testing"

	"github.com/healthlite/healthlite/core"
)

// mixed alternates snapshot bodies, scratch-rendered bodies, HEAD and a
// custom endpoint.
var mixed = []request{
	get("/health"),
	head("/readyz?verbose"),
	get("/readyz?exclude=queue"),
	get("/livez/db?verbose"),
	{method: "GET", target: "/health?verbose", accept: healthJSON},
	head("/healthz?exclude=db"),
	get("/custom?name=conn"),
}

func testKeepAlive(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	want := routeAll(f, mixed)
	for i := range 1000 {
		r := mixed[i%len(mixed)]
		a, ok := c.do(t, r)
		if !ok {
			t.Fatalf("request %d on the kept-alive connection failed", i)
		}
		check(t, r, a, want[i%len(mixed)])
		if a.Close {
			t.Fatalf("request %d: the server closed a kept-alive connection", i)
		}
		if t.Failed() {
			t.Fatalf("stopped at request %d", i)
		}
	}
}

func testConnectionClose(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	r := get("/readyz?verbose")
	r.close = true
	a, ok := c.do(t, r)
	if !ok {
		return
	}
	check(t, r, a, f.route("GET", r.target, ""))
	if !a.Close {
		t.Errorf("answer to Connection: close has no Connection: close")
	}
	if n, err := c.br.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("after Connection: close the connection stayed open (read %d bytes, %v)", n, err)
	}
}

func testPipelining(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	want := routeAll(f, mixed)
	var reqs []request
	for i := range 70 {
		reqs = append(reqs, mixed[i%len(mixed)])
	}
	c.send(t, reqs...) // all in one write, before reading any answer
	for i, r := range reqs {
		a, ok := c.read(t, r.method)
		if !ok {
			t.Fatalf("pipelined answer %d missing", i)
		}
		check(t, r, a, want[i%len(mixed)])
	}
}

// testConcurrent runs clients in parallel, each on its own connection, so
// that buffers shared between requests (pooled scratch buffers) are caught
// by the answers and by the race detector.
func testConcurrent(t *testing.T, f *fixture, addr string) {
	want := routeAll(f, mixed)
	var wg sync.WaitGroup
	for g := range 8 {
		c := dial(t, addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				k := (g + i) % len(mixed)
				a, ok := c.do(t, mixed[k])
				if !ok {
					return
				}
				check(t, mixed[k], a, want[k])
				// A body rendered per request, different in every request.
				r := get("/custom?g=" + strconv.Itoa(g) + "&i=" + strconv.Itoa(i))
				if a, ok = c.do(t, r); !ok {
					return
				}
				check(t, r, a, f.route("GET", r.target, ""))
			}
		}()
	}
	wg.Wait()
}

func routeAll(f *fixture, reqs []request) []core.Response {
	out := make([]core.Response, len(reqs))
	for i, r := range reqs {
		method := r.method
		if method == "HEAD" {
			method = "GET"
		}
		out[i] = f.route(method, r.target, r.accept)
	}
	return out
}
