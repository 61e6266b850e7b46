package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Not ready until the process says so: a flag starts false, a heartbeat
// that never beat fails readiness while liveness waits, and /health and the
// log say what is awaited.
func TestNotReadyUntilReported(t *testing.T) {
	pushFile := filepath.Join(t.TempDir(), "push")
	p, base := serveOn(t, nil, "--push", "127.0.0.1:0", "--push-port-file", pushFile,
		"--flag", "bot_ready", "--flag", "warm=true", "--heartbeat", "bot")
	push := "http://127.0.0.1:" + p.waitFile(pushFile, "push port file")
	waitStatus(t, base+"/readyz", 503)
	if code, _ := get(t, base+"/livez"); code != 200 {
		t.Errorf("/livez = %d before the first heartbeat; want 200 (liveness waits for the first ttl)", code)
	}
	code, doc := health(t, base)
	if code != 503 || doc.Status != "unhealthy" || doc.Raw["bot_ready"] != false || doc.Raw["warm"] != true || doc.Checks["bot"] != "fail" {
		t.Errorf("/health before any report: %d %+v", code, doc.Raw)
	}
	_, verbose := get(t, base+"/health?verbose")
	if !strings.Contains(verbose, "waiting for the first heartbeat (ttl 30s)") || !strings.Contains(verbose, "bot_ready is false") {
		t.Errorf("/health?verbose does not say what is awaited: %s", verbose)
	}
	if log := p.stderr.String(); !strings.Contains(log, "waiting for flag bot_ready (POST /flags/bot_ready true), heartbeat bot (POST /heartbeat/bot)") {
		t.Errorf("the log does not say what is awaited:\n%s", log)
	}
	post(t, client, push+"/flags/bot_ready", "true")
	waitStatus(t, base+"/health", 503)
	post(t, client, push+"/heartbeat/bot", "")
	waitStatus(t, base+"/readyz", 200)
	waitStatus(t, base+"/health", 200)
	eventually(t, 20*time.Second, "the log notes the reports", func() bool {
		log := p.stderr.String()
		return strings.Contains(log, "Flag bot_ready is now true") && strings.Contains(log, "First heartbeat of bot")
	})
}

// A failing check is tried again after its down-interval (default
// min(interval, 1s)), not its interval: with interval=1h a file check turns
// healthy soon after the file appears.
func TestFailingCheckRetriesSoon(t *testing.T) {
	file := filepath.Join(t.TempDir(), "ready")
	_, base := serveOn(t, nil, "--check", "f=file:"+file+",interval=1h")
	waitStatus(t, base+"/readyz", 503)
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, base+"/readyz", 200) // at interval=1h this would wait an hour
}
