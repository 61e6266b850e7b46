package main

import (
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// TestIsHealthJSON: what serve writes is recognised, in every status and
// with flags, heartbeats and statuses; other content is not.
func TestIsHealthJSON(t *testing.T) {
	h := core.New(core.Options{Environment: "prod \"eu\""})
	if _, err := h.Flag("bot_ready", true); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Heartbeat("bot", time.Minute); err != nil {
		t.Fatal(err)
	}
	r, err := h.Reporter("trading", core.GroupReady)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []core.Status{core.StatusPass, core.StatusWarn, core.StatusFail} {
		r.Set(st, "msg")
		if b := h.Snapshot().HealthJSON(); !isHealthJSON(b) {
			t.Errorf("serve's own health file not recognised: %s", b)
		}
	}
	if !isHealthJSON([]byte(staleHealthFile)) {
		t.Errorf("%s not recognised", staleHealthFile)
	}
	for _, s := range []string{
		"", "ok\n", "healthy\n", `{"status":"healthy"}` + "\n",
		`{"status":"fine","uptime_seconds":1,"environment":"x","last_heartbeat":null,"checks":{}}` + "\n",
		`{"status":"healthy","uptime_seconds":1,"environment":"x","last_heartbeat":null,"checks":{}}`, // no newline
		`{"status":"healthy","uptime_seconds":"1","environment":"x","last_heartbeat":null,"checks":{}}` + "\n",
		`{"status":"healthy","uptime_seconds":1,"environment":"x","checks":{}}` + "\n",
	} {
		if isHealthJSON([]byte(s)) {
			t.Errorf("%q taken for a healthlite health file", s)
		}
	}
}

func FuzzIsHealthJSON(f *testing.F) {
	f.Add([]byte(staleHealthFile))
	f.Add([]byte(`{"status":"healthy","uptime_seconds":1e999}` + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		isHealthJSON(b) // no panic; the verdict is TestIsHealthJSON's
	})
}
