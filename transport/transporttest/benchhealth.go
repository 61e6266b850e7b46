package transporttest

import (
	"context"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
)

// NewBenchHealth returns the Health that both transports' benchmarks and
// allocation tests serve, so that their figures compare like with like: a
// passing active check "db" (live and ready), a failing reporter "queue"
// (ready only), a flag, and a custom endpoint /echo that renders the raw
// query into the pooled Scratch buffer. Its clock is manual, it is started,
// and it has left the starting phase; it stops when tb ends.
func NewBenchHealth(tb testing.TB) *core.Health {
	tb.Helper()
	h := core.New(core.Options{Service: "bench", PID: 1, Clock: coretest.NewManualClock(time.Unix(1e9, 0))})
	if err := h.Register(core.CheckConfig{Name: "db", Groups: core.GroupLive | core.GroupReady,
		Check: core.CheckFunc(func(_ context.Context, r *core.Result) { r.Status = core.StatusPass })}); err != nil {
		tb.Fatal(err)
	}
	rep, err := h.Reporter("queue", core.GroupReady)
	if err != nil {
		tb.Fatal(err)
	}
	rep.Set(core.StatusFail, "backlog")
	if _, err := h.Flag("bot_ready", true); err != nil {
		tb.Fatal(err)
	}
	h.Handle("/echo", func(req *core.Request, resp *core.Response) {
		resp.ContentType = "text/plain"
		resp.Body = append(append(resp.Scratch[:0], req.RawQuery...), '\n')
		resp.Scratch = resp.Body
	})
	ctx, cancel := context.WithCancel(context.Background())
	if err := h.Start(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cancel(); h.Stop() })
	deadline := time.Now().Add(10 * time.Second)
	for h.Snapshot().Starting() {
		if time.Now().After(deadline) {
			tb.Fatal("the Health never left starting")
		}
		time.Sleep(time.Millisecond)
	}
	return h
}
