package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// The push API over loopback TCP: flags, heartbeats and statuses change what
// the endpoints report; unknown names, other methods, bad and oversized
// bodies are refused.
func TestPushAPITCP(t *testing.T) {
	pushPort := tcptest.FreePort(t)
	push := "http://127.0.0.1:" + strconv.Itoa(pushPort)
	p, base := serveOn(t, nil, "--push", "127.0.0.1:"+strconv.Itoa(pushPort),
		"--flag", "bot_ready=false", "--flag", "trading_bot_initialized=false",
		"--heartbeat", "bot,ttl=1h", "--status", "trading,groups=live+ready")
	eventually(t, 20*time.Second, "the push API answers", func() bool {
		resp, err := client.Get(push + "/flags/bot_ready")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})

	// Not ready while a flag is false or a heartbeat or status never came.
	waitStatus(t, base+"/readyz", 503)
	c := client
	for _, step := range []struct{ path, body string }{
		{"/flags/bot_ready", "true"},
		{"/flags/trading_bot_initialized", "true\n"},
		{"/heartbeat/bot", ""},
		{"/status/trading", "pass trading normally"},
	} {
		if code, body := post(t, c, push+step.path, step.body); code != 200 {
			t.Fatalf("POST %s %q: %d %q", step.path, step.body, code, body)
		}
	}
	waitStatus(t, base+"/readyz", 200)
	_, doc := health(t, base)
	if doc.Raw["bot_ready"] != true || doc.Raw["trading_bot_initialized"] != true || doc.Status != "healthy" {
		t.Errorf("/health after pushes: %+v", doc.Raw)
	}

	// A failing status in the live group fails liveness too.
	post(t, c, push+"/status/trading", "fail exchange unreachable")
	waitStatus(t, base+"/livez", 503)
	if _, body := get(t, base+"/livez?verbose"); !strings.Contains(body, "exchange unreachable") {
		t.Errorf("/livez?verbose lacks the pushed message: %q", body)
	}
	post(t, c, push+"/status/trading", "warn slow fills")
	waitStatus(t, base+"/livez", 200)
	post(t, c, push+"/flags/bot_ready", "false")
	waitStatus(t, base+"/readyz", 503)

	refusals := []struct {
		method, path, body string
		code               int
	}{
		{"POST", "/flags/nobody", "true", 404},
		{"POST", "/heartbeat/nobody", "", 404},
		{"POST", "/status/nobody", "pass", 404},
		{"POST", "/elsewhere/bot", "", 404},
		{"GET", "/flags/bot_ready", "", 405},
		{"PUT", "/status/trading", "pass", 405},
		{"POST", "/flags/bot_ready", "maybe", 400},
		{"POST", "/status/trading", "great", 400},
		{"POST", "/status/trading", "pass " + strings.Repeat("x", 5000), 413},
	}
	for _, r := range refusals {
		req, _ := http.NewRequest(r.method, push+r.path, strings.NewReader(r.body))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", r.method, r.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != r.code {
			t.Errorf("%s %s %.20q: %d, want %d", r.method, r.path, r.body, resp.StatusCode, r.code)
		}
		if r.code == 405 && resp.Header.Get("Allow") != "POST" {
			t.Errorf("%s %s: Allow %q, want POST", r.method, r.path, resp.Header.Get("Allow"))
		}
	}
	p.stop()
}

// The push API on a unix socket: mode 0660, removed on exit.
func TestPushAPIUnixSocket(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "push.sock")
	p, base := serveOn(t, nil, "--push", "unix:"+sock, "--flag", "bot_ready=false")
	fi, err := os.Stat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o660 || fi.Mode().Type() != os.ModeSocket {
		t.Errorf("socket mode %v, want socket 0660", fi.Mode())
	}
	waitStatus(t, base+"/readyz", 503)
	if code, body := post(t, unixClient(sock), "http://push/flags/bot_ready", "true"); code != 200 {
		t.Fatalf("POST over the unix socket: %d %q", code, body)
	}
	waitStatus(t, base+"/readyz", 200)
	p.stop()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("socket left behind: %v", err)
	}
}

// Non-loopback push addresses are refused before anything starts.
func TestPushRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:9901", "[::]:9901", ":9901", "10.1.2.3:9901"} {
		code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--push", addr)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "refusing push address") {
			t.Errorf("--push %s: exit %d, stderr %q; want exit 2 and one refusal line", addr, code, stderr)
		}
	}
	code, _, stderr := runBinary(t, []string{"HEALTHLITE_PUSH=0.0.0.0:9901"}, "serve", "--ports", "0")
	if code != 2 || !strings.Contains(stderr, "HEALTHLITE_PUSH") {
		t.Errorf("HEALTHLITE_PUSH=0.0.0.0:9901: exit %d, stderr %q", code, stderr)
	}
}

// The health file exists (as the /health JSON) while healthy, disappears
// while unhealthy and on exit, and a reader polling it while the status
// flaps never sees a partial file.
func TestHealthFile(t *testing.T) {
	dir := t.TempDir()
	hf := filepath.Join(dir, "bot_healthy")
	sock := filepath.Join(dir, "push.sock")
	p, _ := serveOn(t, []string{"HEALTH_FILE=" + hf}, "--push", "unix:"+sock, "--status", "bot")
	pc := unixClient(sock)
	exists := func() bool { _, err := os.Stat(hf); return err == nil }

	// unknown until the first push: no file.
	post(t, pc, "http://push/status/bot", "pass")
	eventually(t, 20*time.Second, "the health file appears", exists)
	var doc map[string]any
	b, _ := os.ReadFile(hf)
	if err := json.Unmarshal(b, &doc); err != nil || doc["status"] != "healthy" {
		t.Fatalf("health file %q: %v", b, err)
	}
	post(t, pc, "http://push/status/bot", "fail broken")
	eventually(t, 20*time.Second, "the health file disappears", func() bool { return !exists() })

	// Flap while reading: every read that finds the file parses.
	var reads, parsed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(hf)
			if err != nil {
				continue
			}
			reads.Add(1)
			var v map[string]any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Errorf("half-written health file read: %v: %q", err, b)
				return
			}
			parsed.Add(1)
		}
	}()
	for i := 0; i < 200; i++ {
		word := "pass"
		if i%2 == 1 {
			word = "fail"
		}
		post(t, pc, "http://push/status/bot", word+" flap "+strconv.Itoa(i))
	}
	// End healthy, and wait until the reader has seen the file.
	post(t, pc, "http://push/status/bot", "pass")
	eventually(t, 20*time.Second, "the reader sees the health file", func() bool { return reads.Load() > 0 })
	close(stop)
	wg.Wait()
	t.Logf("%d reads of the health file while flapping, all parsed", parsed.Load())

	p.stop()
	if exists() {
		t.Error("health file left behind on exit")
	}
	// No temporary files either.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}
