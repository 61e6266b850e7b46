package core

import (
	"context"
	"encoding/json"
	"testing"
)

func TestHealthPlusJSON(t *testing.T) {
	h, _ := newTestHealth(t, Options{Service: "api", Version: "2.0"})
	h.Flag("bot_ready", false)
	h.Register(CheckConfig{Name: "db", Check: CheckFunc(func(_ context.Context, r *Result) {
		r.Status, r.Message, r.Value, r.HasValue = StatusWarn, "slow", 0.25, true
	})})
	h.Start(context.Background())
	defer h.Stop()
	waitFor(t, "db", func() bool { return state(t, h, "db").Status == StatusWarn })
	resp := &Response{}
	h.Route(&Request{Method: "GET", Path: "/health", Accept: "application/health+json", RawQuery: "verbose"}, resp)
	if resp.ContentType != "application/health+json" || resp.Status != 503 ||
		len(resp.Headers) != 1 || resp.Headers[0] != (Header{"Cache-Control", "max-age=1"}) {
		t.Fatalf("health+json answer: %d %q %v", resp.Status, resp.ContentType, resp.Headers)
	}
	var doc map[string]any
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"status": "fail", "version": "2.0", "serviceId": "api", "description": "health of api",
		"checks": map[string]any{
			"bot_ready": []any{map[string]any{"componentId": "bot_ready", "componentType": "flag", "status": "fail", "observedValue": false, "output": "bot_ready is false", "since": "2025-06-04T19:29:30.000Z"}},
			"db": []any{map[string]any{"componentId": "db", "componentType": "component", "status": "warn", "time": "2025-06-04T19:29:30.000Z", "observedValue": 0.25, "output": "slow",
				"since": "2025-06-04T19:29:30.000Z", "history": []any{map[string]any{"time": "2025-06-04T19:29:30.000Z", "status": "warn", "observedValue": 0.0, "observedUnit": "s"}}}},
		}}
	if !jsonEqual(doc, want) {
		t.Errorf("health+json?verbose =\n%s\nwant\n%v", resp.Body, want)
	}
	h.Route(&Request{Method: "GET", Path: "/health", Accept: "application/health+json"}, resp)
	json.Unmarshal(resp.Body, &doc)
	db := doc["checks"].(map[string]any)["db"].([]any)[0].(map[string]any)
	if _, ok := db["output"]; ok {
		t.Errorf("output shown without verbose: %s", resp.Body)
	}
	for s, w := range map[Status]string{StatusPass: "pass", StatusWarn: "warn", StatusFail: "fail", StatusUnknown: "fail"} {
		if ietfStatus(s) != w {
			t.Errorf("ietfStatus(%v) = %s", s, ietfStatus(s))
		}
	}
}

func TestHealthPlusJSONWhileStarting(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	var doc map[string]any
	resp := &Response{}
	h.Route(&Request{Method: "GET", Path: "/health", Accept: "application/health+json"}, resp)
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["status"] != "fail" || doc["output"] != "starting" || resp.Status != 503 {
		t.Errorf("while starting: %d %s", resp.Status, resp.Body)
	}
}
