package fasthttp

import (
	"bufio"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/transport/transporttest"
	"github.com/valyala/fasthttp"
)

var loopback = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000}

// newCtx returns a real RequestCtx for method and uri from a loopback client.
func newCtx(method, uri string) *fasthttp.RequestCtx {
	var req fasthttp.Request
	req.Header.SetMethod(method)
	req.SetRequestURI(uri)
	ctx := new(fasthttp.RequestCtx)
	ctx.Init(&req, loopback, nil)
	// A fasthttp.Server keeps each connection's response body buffer
	// between requests (unless ReduceMemoryUsage); so does the benchmark.
	ctx.Response.KeepBodyBuffer = true
	return ctx
}

// TestScratchBodyOutlivesTheExchange serves a body rendered into the pooled
// scratch buffer, then another request through the same pool, before the
// first response is written (as fasthttp writes after the handler
// returns): the first body must be intact.
func TestScratchBodyOutlivesTheExchange(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	serveH := NewHandler(h)
	for i := range 50 {
		first := newCtx("GET", "/echo?first="+strconv.Itoa(i))
		serveH(first)
		serveH(newCtx("GET", "/echo?second-request-overwrites-the-scratch-buffer"))
		if got, want := string(first.Response.Body()), "first="+strconv.Itoa(i)+"\n"; got != want {
			t.Fatalf("first body %q after a second request, want %q", got, want)
		}
	}
}

func TestLocality(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	serveH := NewHandler(h)
	for _, tt := range []struct {
		addr  net.Addr
		host  string
		local bool
	}{
		{loopback, "localhost:8080", true},
		{loopback, "", true},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 1}, "[::1]:8080", true},
		{loopback, "rebind.example:8080", false}, // DNS rebinding: a web page on loopback
		{&net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 1}, "localhost", false},
		{&net.UnixAddr{Name: "@", Net: "unix"}, "rebind.example", true},
	} {
		var req fasthttp.Request
		req.SetRequestURI("/readyz?verbose")
		req.Header.SetHost(tt.host)
		ctx := new(fasthttp.RequestCtx)
		ctx.Init(&req, tt.addr, nil)
		serveH(ctx)
		// DetailsLocal (the default) shows check messages only to local
		// clients.
		verbose := strings.Contains(string(ctx.Response.Body()), ": backlog")
		if verbose != tt.local {
			t.Errorf("client %v, Host %q: verbose answer %v (%q), want %v", tt.addr, tt.host, verbose, ctx.Response.Body(), tt.local)
		}
	}
}

// probes are the requests the allocation test and benchmarks serve.
var probes = []struct{ method, uri string }{
	{"GET", "/health"},
	{"GET", "/health?verbose"},
	{"GET", "/healthz"},
	{"GET", "/livez"},
	{"GET", "/readyz"},
	{"GET", "/readyz?verbose"},
	{"GET", "/readyz?exclude=queue"},
	{"GET", "/readyz/db?verbose"},
	{"HEAD", "/health"},
	{"POST", "/health"},
	{"GET", "/nope"},
	{"GET", "/echo?x=1"},
	{"GET", "/metrics"},
	{"GET", "/metrics?format=prometheus"},
	{"GET", "/metrics?format=openmetrics"},
	{"GET", "/readyz/%64b?verbose"},
	{"GET", "http://localhost/readyz?verbose"},
	{"GET", "//health"},
}

// TestAcceptAsPeek: the handler reads the Accept header whatever case the
// client wrote its name in, as fasthttp.RequestHeader.Peek("Accept") finds
// it, with header names normalised (a fasthttp.Server's default) or not.
func TestAcceptAsPeek(t *testing.T) {
	h := transporttest.NewBenchHealth(t)
	serveH := NewHandler(h)
	for _, raw := range []bool{false, true} {
		for _, name := range []string{"Accept", "accept", "ACCEPT", "aCcEpT"} {
			var req fasthttp.Request
			if raw {
				req.Header.DisableNormalizing()
			}
			msg := "GET /health HTTP/1.1\r\nHost: localhost\r\n" + name + ": application/health+json\r\n\r\n"
			if err := req.Read(bufio.NewReader(strings.NewReader(msg))); err != nil {
				t.Fatal(err)
			}
			want := len(req.Header.Peek("Accept")) > 0
			if !raw && !want {
				t.Fatalf("fasthttp's Peek no longer finds %q", name)
			}
			ctx := new(fasthttp.RequestCtx)
			ctx.Init(&req, loopback, nil)
			serveH(ctx)
			if got := string(ctx.Response.Header.ContentType()) == "application/health+json"; got != want {
				t.Errorf("normalising %v, header %q: health+json %v, want %v (as Peek finds it)", !raw, name, got, want)
			}
		}
	}
}
