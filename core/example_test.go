package core_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
)

// The bot server's /health document, from flags the process sets itself.
func Example() {
	clock := coretest.NewManualClock(time.Date(2025, 6, 4, 19, 29, 30, 0, time.UTC))
	h := core.New(core.Options{Environment: "production", Clock: clock})
	ready, _ := h.Flag("bot_ready", false)
	h.Flag("trading_bot_initialized", true, core.Informational)
	h.Start(context.Background())
	defer h.Stop()

	ready.Set(true) // once the bot has connected
	h.Publish()     // read-your-writes: the next probe sees it
	var resp core.Response
	h.Route(&core.Request{Method: "GET", Path: "/health"}, &resp)
	fmt.Println(resp.Status, resp.ContentType)
	fmt.Print(string(resp.Body))
	// Output:
	// 200 application/json
	// {"status":"healthy","uptime_seconds":0,"environment":"production","last_heartbeat":null,"bot_ready":true,"trading_bot_initialized":true,"checks":{}}
}

// An active check, run by the scheduler on its interval with a timeout.
func ExampleHealth_Register() {
	h := core.New(core.Options{})
	err := h.Register(core.CheckConfig{
		Name:     "db",
		Interval: 5 * time.Second,
		Timeout:  time.Second,
		Check: core.CheckFunc(func(ctx context.Context, r *core.Result) {
			// A real check would ping the database with ctx.
			r.Status, r.Message = core.StatusPass, "1 ms"
		}),
	})
	fmt.Println(err)
	fmt.Println(h.Register(core.CheckConfig{Name: "db", Check: core.CheckFunc(func(context.Context, *core.Result) {})}))
	// Output:
	// <nil>
	// healthlite: check["db"]: already registered; names must be unique
}

// The Kubernetes endpoints list every check with ?verbose (to local clients
// by default) and answer for one check under /readyz/NAME.
func ExampleHealth_Route() {
	h := core.New(core.Options{Clock: coretest.NewManualClock(time.Unix(0, 0))})
	db, _ := h.Reporter("db", core.GroupReady)
	queue, _ := h.Reporter("queue", core.GroupReady|core.GroupLive)
	db.Set(core.StatusFail, "connection refused")
	queue.Set(core.StatusPass, "")
	h.Start(context.Background())
	defer h.Stop()

	for _, req := range []core.Request{
		{Method: "GET", Path: "/livez"},
		{Method: "GET", Path: "/readyz", RawQuery: "verbose", Local: true},
		{Method: "GET", Path: "/readyz", RawQuery: "exclude=db"},
		{Method: "GET", Path: "/readyz/db"},
		{Method: "POST", Path: "/readyz"},
	} {
		var resp core.Response
		h.Route(&req, &resp)
		fmt.Printf("%s %s?%s -> %d %v\n%s\n", req.Method, req.Path, req.RawQuery, resp.Status, resp.Headers, resp.Body)
	}
	// Output:
	// GET /livez? -> 200 []
	// ok
	// GET /readyz?verbose -> 503 []
	// [-]db failed since 00:00:00Z: connection refused
	// [+]queue ok
	// readyz check failed
	//
	// GET /readyz?exclude=db -> 200 []
	// ok
	// GET /readyz/db? -> 503 []
	// [-]db failed
	//
	// POST /readyz? -> 405 [{Allow GET, HEAD}]
	// 405 method not allowed
}

// Shutdown turns readiness off at once so that load balancers drain the
// instance, while liveness stays as it is.
func ExampleHealth_Shutdown() {
	h := core.New(core.Options{})
	h.Start(context.Background())
	defer h.Stop()
	fmt.Println(h.Snapshot().Ready(), h.Snapshot().Live())
	h.Shutdown()
	fmt.Println(h.Snapshot().Ready(), h.Snapshot().Live(), h.Snapshot().Phase())
	// Output:
	// true true
	// false true draining
}

// A heartbeat fails once the process stops beating for longer than its TTL.
func ExampleHealth_Heartbeat() {
	clock := coretest.NewManualClock(time.Unix(0, 0))
	h := core.New(core.Options{Clock: clock})
	hb, _ := h.Heartbeat("main_loop", 30*time.Second)
	hb.Beat()
	clock.Advance(45 * time.Second)
	h.Shutdown() // any publish re-reads the clock; here, to show the state
	c := h.Snapshot().Checks()[0]
	fmt.Println(c.Name, c.Status, c.Message)
	// Output:
	// main_loop fail last heartbeat 45s ago (ttl 30s)
}

// Custom endpoints answer beside the built-in ones.
func ExampleHealth_Handle() {
	h := core.New(core.Options{})
	h.Handle("/custom", func(req *core.Request, resp *core.Response) {
		resp.ContentType = "application/json"
		resp.Body = append(resp.Scratch[:0], `{"custom_metric":"value"}`...)
	})
	var resp core.Response
	h.Route(&core.Request{Method: "GET", Path: "/custom"}, &resp)
	fmt.Println(resp.Status, string(resp.Body))
	// Output:
	// 200 {"custom_metric":"value"}
}

// A check in one line: a function that returns an error passes on nil and
// fails with the error's text.
func ExampleErrorFunc() {
	h := core.New(core.Options{})
	ping := func(ctx context.Context) error { return errors.New("dial tcp 10.0.0.1:5432: connection refused") }
	h.Register(core.CheckConfig{Name: "db", Check: core.ErrorFunc(ping)})
	h.Start(context.Background())
	defer h.Stop()

	for h.Snapshot().Checks()[0].Status == core.StatusUnknown {
		time.Sleep(time.Millisecond) // the first run
	}
	c := h.Snapshot().Checks()[0]
	fmt.Println(c.Name, c.Status, c.Message)
	// Output:
	// db fail dial tcp 10.0.0.1:5432: connection refused
}

// A reporter is set by the process whenever its own view of a component
// changes; Publish makes the change visible to the next probe.
func ExampleHealth_Reporter() {
	h := core.New(core.Options{Clock: coretest.NewManualClock(time.Date(2026, 12, 2, 7, 0, 0, 0, time.UTC))})
	queue, _ := h.Reporter("queue", core.GroupReady)
	h.Start(context.Background())
	defer h.Stop()

	queue.Set(core.StatusWarn, "backlog 900")
	h.Publish()
	var resp core.Response
	h.Route(&core.Request{Method: "GET", Path: "/readyz/queue", RawQuery: "verbose", Local: true}, &resp)
	fmt.Print(resp.Status, " ", string(resp.Body))

	queue.Set(core.StatusFail, "broker gone")
	h.Publish()
	h.Route(&core.Request{Method: "GET", Path: "/readyz/queue", RawQuery: "verbose", Local: true}, &resp)
	fmt.Print(resp.Status, " ", string(resp.Body))
	// Output:
	// 200 [+]queue ok
	// 503 [-]queue failed since 07:00:00Z: broker gone
}

// Subscribe hands every published snapshot to a function, on the
// publishing goroutine: here, to log status changes.
func ExampleHealth_Subscribe() {
	h := core.New(core.Options{})
	db, _ := h.Reporter("db", core.GroupReady)
	was := h.Snapshot().Status()
	h.Subscribe(func(s *core.Snapshot) {
		if s.Status() != was {
			was = s.Status()
			fmt.Println("status:", was)
		}
	})

	db.Set(core.StatusPass, "connected") // before Start, published at once
	db.Set(core.StatusFail, "connection refused")
	// Output:
	// status: pass
	// status: fail
}
