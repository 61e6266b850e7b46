package core

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestHealthJSONDocument(t *testing.T) {
	h, c := newTestHealth(t, Options{Service: "bot", Environment: "production", Version: "1.2.3", PID: 4242})
	h.Flag("bot_ready", true)
	h.Flag("trading_bot_initialized", true, Informational)
	hb, _ := h.Heartbeat("main_loop", time.Minute)
	h.Register(CheckConfig{Name: "db", Check: CheckFunc(func(_ context.Context, r *Result) {
		r.Status, r.Message, r.Value, r.HasValue = StatusPass, "3 connections", 3, true
	})})
	h.Start(context.Background())
	defer h.Stop()
	waitFor(t, "db", func() bool { return state(t, h, "db").Status == StatusPass })
	waitTimers(t, c, 2)
	c.Advance(305 * time.Second)
	hb.Beat()
	waitFor(t, "uptime 305", func() bool { return h.Snapshot().Uptime() == 305*time.Second })
	waitFor(t, "db's run at 305s", func() bool { return state(t, h, "db").LastRun.Equal(t0.Add(305 * time.Second)) })
	waitFor(t, "the beat", func() bool { return state(t, h, "main_loop").LastRun.Equal(t0.Add(305 * time.Second)) })

	var doc map[string]any
	if err := json.Unmarshal(get(h, "/health").Body, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"status": "healthy", "uptime_seconds": 305.0, "environment": "production",
		"last_heartbeat": "2025-06-04T19:34:35.000Z", "bot_ready": true, "trading_bot_initialized": true,
		"checks": map[string]any{"main_loop": "pass", "db": "pass"}}
	if !jsonEqual(doc, want) {
		t.Errorf("/health = %v\nwant %v", doc, want)
	}

	var verbose map[string]any
	if err := json.Unmarshal(get(h, "/health?verbose").Body, &verbose); err != nil {
		t.Fatal(err)
	}
	if verbose["service"] != "bot" || verbose["pid"] != 4242.0 || verbose["version"] != "1.2.3" || verbose["phase"] != "running" {
		t.Errorf("/health?verbose = %v", verbose)
	}
	db := verbose["details"].(map[string]any)["db"].(map[string]any)
	wantDB := map[string]any{"status": "pass", "message": "3 connections", "duration_seconds": 0.0,
		"last_run": "2025-06-04T19:34:35.000Z", "consecutive_failures": 0.0, "value": 3.0,
		"since": "2025-06-04T19:29:30.000Z", "flapping": false, "history": []any{
			map[string]any{"time": "2025-06-04T19:29:30.000Z", "status": "pass", "duration_seconds": 0.0},
			map[string]any{"time": "2025-06-04T19:34:35.000Z", "status": "pass", "duration_seconds": 0.0}}}
	if !jsonEqual(db, wantDB) {
		t.Errorf("details of db = %v\nwant %v", db, wantDB)
	}
}

func TestHealthJSONEscapesAnyBytes(t *testing.T) {
	h, _ := newTestHealth(t, Options{Environment: "prod\"\n\xff", Service: "<svc>"})
	r, _ := h.Reporter("queue\u00e9", GroupReady)
	r.Set(StatusFail, "line1\nline2 \"quoted\" \\ \x00 \xfe\u2028")
	r.h.publish()
	for _, target := range []string{"/health", "/health?verbose"} {
		body := get(h, target).Body
		var doc map[string]any
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s is not JSON: %v\n%s", target, err, body)
		}
		if doc["environment"] != "prod\"\n\ufffd" {
			t.Errorf("environment = %q", doc["environment"])
		}
	}
	var doc map[string]any
	json.Unmarshal(get(h, "/health?verbose").Body, &doc)
	msg := doc["details"].(map[string]any)["queue\u00e9"].(map[string]any)["message"]
	if msg != "line1\nline2 \"quoted\" \\ \x00 \ufffd\u2028" {
		t.Errorf("message decoded as %q", msg)
	}
}

func TestJSONFloatAndTime(t *testing.T) {
	for v, want := range map[float64]string{1.5: "1.5", math.NaN(): "null", math.Inf(1): "null", 1e21: "1e+21"} {
		if got := string(appendJSONFloat(nil, v)); got != want {
			t.Errorf("appendJSONFloat(%v) = %s, want %s", v, got, want)
		}
	}
	if got := string(appendJSONTime(nil, time.Time{})); got != "null" {
		t.Errorf("zero time = %s", got)
	}
	if got := string(appendJSONTime(nil, time.Date(2025, 1, 2, 3, 4, 5, 6e6, time.FixedZone("x", 3600)))); got != `"2025-01-02T02:04:05.006Z"` {
		t.Errorf("time = %s", got)
	}
}

// jsonEqual compares two decoded JSON values.
func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
