package transporttest

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
)

// fixture is a Health with checks in every state the endpoints show: an
// active check that passes ("db", live and ready), a reporter that fails
// ("queue", ready only, so /readyz answers 503 while /livez answers 200),
// a non-critical reporter that fails ("cache", degrading to warn), and a
// flag. Its clock is manual, so every body is stable and the transport's
// answer can be compared byte for byte with the router's.
type fixture struct {
	h *core.Health
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	clock := coretest.NewManualClock(time.Date(2026, 11, 28, 19, 29, 30, 0, time.UTC))
	h := core.New(core.Options{Service: "conformance", Environment: "test", PID: 4242, Version: "v1.2.3", Clock: clock})
	must(t, h.Register(core.CheckConfig{
		Name:   "db",
		Groups: core.GroupLive | core.GroupReady,
		Check: core.CheckFunc(func(_ context.Context, r *core.Result) {
			r.Status, r.Message = core.StatusPass, "connected"
		}),
	}))
	queue, err := h.Reporter("queue", core.GroupReady)
	must(t, err)
	queue.Set(core.StatusFail, "backlog of 5000 \"jobs\"")
	flag, err := h.Flag("bot_ready", true)
	must(t, err)
	flag.Set(true)
	h.Handle("/custom", custom)
	h.Handle("/raw", func(_ *core.Request, resp *core.Response) {
		resp.Body = rawBody // and no ContentType: none may be sniffed
	})
	ctx, cancel := context.WithCancel(context.Background())
	must(t, h.Start(ctx))
	t.Cleanup(func() { cancel(); h.Stop() })

	// Wait (bounded) for the scheduler to run db and publish.
	f := &fixture{h: h}
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := h.Snapshot()
		if !s.Starting() && f.route("GET", "/readyz/db", "").Status == 200 && f.route("GET", "/readyz/queue", "").Status == 503 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fixture's checks were not published in 10s: %s", s.HealthJSON())
		}
		time.Sleep(time.Millisecond)
	}
	return f
}

// route returns the router's answer to a local client, as the transport must
// send it.
func (f *fixture) route(method, target, accept string) core.Response {
	path, query, _ := strings.Cut(target, "?")
	req := core.Request{Method: method, Path: path, RawQuery: query, Accept: accept, Local: true}
	var resp core.Response
	f.h.Route(&req, &resp)
	resp.Body = append([]byte(nil), resp.Body...)
	return resp
}

// rawBody looks like HTML to a Content-Type sniffer.
var rawBody = []byte("<html><body>sniff me</body></html>\n")

// customHeaders are the extra headers of the custom endpoint.
var customHeaders = []core.Header{{Key: "Cache-Control", Value: "no-store"}, {Key: "X-Transporttest", Value: "custom"}}

// custom is a custom endpoint (Health.Handle) that renders its body per
// request into the scratch buffer, from the query.
func custom(req *core.Request, resp *core.Response) {
	if req.Method != "GET" && req.Method != "HEAD" {
		resp.Status = 405
		resp.Headers = []core.Header{{Key: "Allow", Value: "GET, HEAD"}}
		return
	}
	resp.ContentType = "application/json"
	resp.Headers = customHeaders
	b := append(resp.Scratch[:0], `{"query":`...)
	b = strconv.AppendQuote(b, req.RawQuery)
	resp.Body = append(b, "}\n"...)
	resp.Scratch = resp.Body
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Logger returns a logger that writes to t's log, for a server's Logger:
// a transport's error messages then show up with the failing test.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, nil))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
