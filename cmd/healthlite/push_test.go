package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// newPushHandler returns the push API over a real core.Health with one flag,
// heartbeat and status each.
func newPushHandler(t testing.TB) *pushHandler {
	h := core.New(core.Options{})
	cfg := &serveConfig{
		flags:      []flagSpec{{name: "bot_ready"}},
		heartbeats: []heartbeatSpec{{name: "bot", ttl: time.Hour}},
		statuses:   []statusSpec{{name: "trading"}},
	}
	targets, _, err := register(t.Context(), h, nil, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return &pushHandler{t: targets, log: slog.New(slog.DiscardHandler)}
}

func pushRequest(p http.Handler, method, path, body string) (int, string) {
	w := httptest.NewRecorder()
	p.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader(body)))
	return w.Code, w.Body.String()
}

func TestPushHandler(t *testing.T) {
	p := newPushHandler(t)
	if code, body := pushRequest(p, "POST", "/flags/bot_ready", "true\n"); code != 200 || body != "ok\n" {
		t.Fatalf("POST /flags/bot_ready true: %d %q", code, body)
	}
	if !p.t.flags["bot_ready"].Value() {
		t.Error("flag not set")
	}
	pushRequest(p, "POST", "/flags/bot_ready", "false")
	if p.t.flags["bot_ready"].Value() {
		t.Error("flag not cleared")
	}
	if code, _ := pushRequest(p, "POST", "/heartbeat/bot", ""); code != 200 {
		t.Errorf("heartbeat: %d", code)
	}
	if code, _ := pushRequest(p, "POST", "/status/trading", "warn  slow fills "); code != 200 {
		t.Errorf("status: %d", code)
	}
	tests := []struct {
		method, path, body string
		code               int
		says               string
	}{
		{"POST", "/flags/nobody", "true", 404, `unknown flag "nobody": declare it with --flag nobody`},
		{"POST", "/heartbeat/nobody", "", 404, `declare it with --heartbeat nobody,ttl=30s`},
		{"POST", "/status/nobody", "pass", 404, `declare it with --status nobody`},
		{"POST", "/flags/", "true", 404, "use POST /flags/NAME"},
		{"POST", "/flags/a/b", "true", 404, "use POST /flags/NAME"},
		{"POST", "/", "", 404, "use POST"},
		{"GET", "/flags/bot_ready", "", 405, "method GET not allowed: use POST"},
		{"DELETE", "/status/trading", "", 405, "use POST"},
		{"POST", "/flags/bot_ready", "yes please", 400, `body "yes please": want true or false`},
		{"POST", "/status/trading", "ok fine", 400, `status "ok": want pass, warn, fail or unknown`},
		{"POST", "/status/trading", strings.Repeat("x", maxPushBody+1), 413, "body larger than 4096 bytes"},
	}
	for _, tt := range tests {
		code, body := pushRequest(p, tt.method, tt.path, tt.body)
		if code != tt.code || !strings.Contains(body, tt.says) {
			t.Errorf("%s %s %.20q: %d %q; want %d saying %q", tt.method, tt.path, tt.body, code, body, tt.code, tt.says)
		}
	}
}

func FuzzPushHandler(f *testing.F) {
	f.Add("POST", "/status/trading", "fail exchange down")
	f.Add("POST", "/flags/bot_ready", "true")
	f.Add("GET", "/heartbeat/bot", "")
	p := newPushHandler(f)
	f.Fuzz(func(t *testing.T, method, path, body string) {
		req, err := http.NewRequest(method, "http://push"+path, strings.NewReader(body))
		if err != nil || req.URL.Path == "" {
			return
		}
		w := httptest.NewRecorder()
		p.ServeHTTP(w, req)
		switch w.Code {
		case 200, 400, 404, 405, 413:
		default:
			t.Fatalf("%s %q %q: status %d", method, path, body, w.Code)
		}
		if b, _ := io.ReadAll(w.Body); !strings.HasSuffix(string(b), "\n") || strings.Count(string(b), "\n") != 1 {
			t.Fatalf("%s %q: answer is not one line: %q", method, path, b)
		}
	})
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/state.json"
	if err := writeFileAtomic(path, []byte(`{"a":1}`), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, []byte(`{"a":2}`), 0o640); err != nil {
		t.Fatal(err)
	}
	b, err := readFile(path)
	if err != nil || b != `{"a":2}` {
		t.Fatalf("content %q, %v", b, err)
	}
	if err := writeFileAtomic(dir+"/missing/x", []byte("x"), 0o644); err == nil {
		t.Error("write into a missing directory succeeded")
	}
	entries, _ := readDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %v, want only state.json (no temporary files)", entries)
	}
	if err := removeFile(path); err != nil {
		t.Fatal(err)
	}
	if err := removeFile(path); err != nil {
		t.Errorf("removing an absent file: %v", err)
	}
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

func readDir(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names, err
}

// A 405 names the methods to use in Allow, and says what each is for.
func TestPushMethodNotAllowed(t *testing.T) {
	w := httptest.NewRecorder()
	newPushHandler(t).ServeHTTP(w, httptest.NewRequest("PUT", "/flags/bot_ready", nil))
	if w.Code != 405 || w.Header().Get("Allow") != "POST" || w.Body.String() != "method PUT not allowed: use POST\n" {
		t.Errorf("PUT /flags/bot_ready: %d, Allow %q, %q", w.Code, w.Header().Get("Allow"), w.Body.String())
	}
	w = httptest.NewRecorder()
	methodNotAllowed(w, httptest.NewRequest("PATCH", "/maintenance", nil), "GET, POST, DELETE", "POST to turn it on")
	if w.Code != 405 || w.Header().Get("Allow") != "GET, POST, DELETE" || w.Body.String() != "method PATCH not allowed: use POST to turn it on\n" {
		t.Errorf("methodNotAllowed: %d, Allow %q, %q", w.Code, w.Header().Get("Allow"), w.Body.String())
	}
}
