package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// The bot server's scenario: a second instance finds the first one's port
// taken, logs the WARNING line and serves on the next port.
func TestServeBotScenarioFallback(t *testing.T) {
	ports := tcptest.FreePorts(t, 2)
	a, b := ports[0], ports[1]
	dir := t.TempDir()
	first := start(t, nil, "serve", "--ports", strconv.Itoa(a), "--port-file", filepath.Join(dir, "first"))
	if got := first.waitPort(filepath.Join(dir, "first")); got != a {
		t.Fatalf("first instance on %d, want %d", got, a)
	}
	second := start(t, nil, "serve", "--ports", strconv.Itoa(a)+","+strconv.Itoa(b), "--port-file", filepath.Join(dir, "second"))
	if got := second.waitPort(filepath.Join(dir, "second")); got != b {
		t.Fatalf("second instance on %d, want %d", got, b)
	}
	stamp := `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}`
	warn := regexp.MustCompile(`(?m)^` + stamp + ` - healthlite - WARNING - Port ` + strconv.Itoa(a) + ` is already in use, trying next port\.\.\.$`)
	info := regexp.MustCompile(`(?m)^` + stamp + ` - healthlite - INFO - Health server started on port ` + strconv.Itoa(b) + `$`)
	logs := second.stderr.String()
	w, i := warn.FindStringIndex(logs), info.FindStringIndex(logs)
	if w == nil || i == nil || w[0] > i[0] {
		t.Fatalf("second instance's log lacks the WARNING then INFO lines:\n%s", logs)
	}
	// Both are the default service "healthlite": the second names the first.
	dup := `A duplicate instance of service "healthlite" is already running on port ` + strconv.Itoa(a) + ` (pid ` + strconv.Itoa(first.cmd.Process.Pid) + `)`
	if !strings.Contains(logs, dup) {
		t.Errorf("second instance's log lacks %q:\n%s", dup, logs)
	}
	for _, p := range []int{a, b} {
		if code, _ := get(t, "http://127.0.0.1:"+strconv.Itoa(p)+"/health"); code != 200 {
			t.Errorf("port %d /health: %d, want 200", p, code)
		}
	}
	for _, p := range []*proc{first, second} {
		p.stop()
	}
	if _, err := os.Stat(filepath.Join(dir, "first")); !os.IsNotExist(err) {
		t.Errorf("port file left behind after exit: %v", err)
	}
}

// With no checks the server is healthy and serves every endpoint, on both
// transports, and stops cleanly on SIGINT.
func TestServeNoChecksBothTransports(t *testing.T) {
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			p, base := serveOn(t, []string{"ENVIRONMENT=production"}, "--transport", tr)
			code, doc := health(t, base)
			if code != 200 || doc.Status != "healthy" || doc.Env != "production" {
				t.Errorf("/health: %d %+v", code, doc)
			}
			for _, path := range []string{"/healthz", "/livez", "/readyz"} {
				waitStatus(t, base+path, 200)
			}
			if code, _ := get(t, base+"/nope"); code != 404 {
				t.Errorf("/nope: %d, want 404", code)
			}
			p.signal(syscall.SIGINT)
			if code := p.wait(20 * time.Second); code != 0 {
				t.Errorf("exit %d after SIGINT, want 0", code)
			}
		})
	}
}

// wasmModule compiles testdata/status.wat with wat2wasm.
func wasmModule(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("wat2wasm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("wat2wasm is missing (apt-get install wabt)")
		}
		t.Skip("wat2wasm not installed (apt-get install wabt)")
	}
	out := filepath.Join(t.TempDir(), "status.wasm")
	if b, err := exec.Command("wat2wasm", "testdata/status.wat", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	return out
}

// Every check kind, passing and failing, against real servers, files,
// processes and a real WebAssembly module.
func TestServeCheckKinds(t *testing.T) {
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			w.WriteHeader(503)
		}
		w.Write([]byte("pong"))
	}))
	defer web.Close()
	open := tcptest.Serve(t, tcptest.Close)
	closed := tcptest.FreePort(t)
	dir := t.TempDir()
	present := filepath.Join(dir, "heartbeat")
	if err := os.WriteFile(present, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "stale")
	if err := os.WriteFile(stale, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	module := wasmModule(t)

	want := map[string]string{
		"http_ok":       "pass",
		"http_down":     "fail",
		"http_contains": "fail", // 200 but the body lacks the text
		"tcp_open":      "pass",
		"tcp_closed":    "fail",
		"file_present":  "pass",
		"file_missing":  "fail",
		"file_stale":    "fail",
		"exec_ok":       "pass",
		"exec_warn":     "warn",
		"exec_crit":     "fail",
		"wasm_pass":     "pass",
		"wasm_fail":     "fail",
	}
	args := []string{"--details", "all",
		"--check", "http_ok=http:" + web.URL + "/ok,contains=pong,interval=1s",
		"--check", "http_down=http:" + web.URL + "/down,interval=1s",
		"--check", "http_contains=http:" + web.URL + "/ok,contains=ping,interval=1s",
		"--check", "tcp_open=tcp:" + open + ",interval=1s",
		"--check", "tcp_closed=tcp:127.0.0.1:" + strconv.Itoa(closed) + ",interval=1s",
		"--check", "file_present=file:" + present + ",ttl=1h,interval=1s",
		"--check", "file_missing=file:" + filepath.Join(dir, "absent") + ",interval=1s",
		"--check", "file_stale=file:" + stale + ",ttl=1m,interval=1s",
		"--check", "exec_ok=exec:sh -c 'echo all fine; exit 0',interval=1s",
		"--check", "exec_warn=exec:sh -c 'echo \"disk 85% | used=85%;80;90\"; exit 1',interval=1s",
		"--check", "exec_crit=exec:sh -c 'echo disk full; exit 2',interval=1s",
		"--check", "wasm_pass=wasm:" + module + ",config.status=0,interval=1s",
		"--check", "wasm_fail=wasm:" + module + ",config.status=2,interval=1s",
	}
	p, base := serveOn(t, nil, args...)
	var doc healthDoc
	eventually(t, 20*time.Second, "every check reports its expected status", func() bool {
		_, doc = health(t, base)
		for name, st := range want {
			if doc.Checks[name] != st {
				return false
			}
		}
		return true
	})
	// Failing critical checks make the service unhealthy; one check at a
	// time is answered on /readyz/NAME.
	if code, _ := get(t, base+"/health"); code != 503 {
		t.Errorf("/health: %d, want 503 with failing checks", code)
	}
	for name, st := range want {
		wantCode := 200
		if st == "fail" {
			wantCode = 503
		}
		if code, body := get(t, base+"/readyz/"+name+"?verbose"); code != wantCode {
			t.Errorf("/readyz/%s: %d %q, want %d", name, code, body, wantCode)
		}
	}
	if _, body := get(t, base+"/readyz/exec_crit?verbose"); !strings.Contains(body, "disk full") {
		t.Errorf("/readyz/exec_crit?verbose does not carry the plugin's message: %q", body)
	}
	// /metrics carries healthlite's own per-check metrics and the gauges
	// the wasm module set.
	resp, err := client.Get(base + "/metrics?format=prometheus")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`healthlite_wasm_metric{check="wasm_fail",metric="status_code"} 2`,
		`healthlite_wasm_metric{check="wasm_pass",metric="status_code"} 0`,
		`check="exec_crit"`,
		`healthlite_check_value{check="exec_warn"} 85`,
		`healthlite_check_perfdata{check="exec_warn",label="used"} 85`,
		`healthlite_check_value{check="http_ok"} `,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s:\n%s", want, b)
		}
	}
	p.stop()
}

// A module that is missing or not WebAssembly stops serve at start.
func TestServeBadModule(t *testing.T) {
	garbage := filepath.Join(t.TempDir(), "garbage.wasm")
	os.WriteFile(garbage, []byte("not wasm at all"), 0o644)
	for _, path := range []string{filepath.Join(t.TempDir(), "missing.wasm"), garbage} {
		code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--check", "custom=wasm:"+path)
		if code != 2 {
			t.Errorf("module %s: exit %d, want 2", path, code)
		}
		if n := strings.Count(stderr, "\n"); n != 1 || !strings.Contains(stderr, "--check custom") {
			t.Errorf("module %s: want one line naming the check, got %q", path, stderr)
		}
	}
}

// No free port: by default the process carries on (health file kept);
// with --strict it exits 2.
func TestServeNoFreePort(t *testing.T) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)

	code, _, stderr := runBinary(t, nil, "serve", "--ports", busy, "--strict")
	if code != 2 {
		t.Errorf("--strict with every port busy: exit %d, want 2; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "Port "+busy+" is already in use, trying next port...") || !strings.Contains(stderr, "no free port") {
		t.Errorf("--strict stderr lacks the fallback and error lines:\n%s", stderr)
	}

	hf := filepath.Join(t.TempDir(), "healthy")
	p := start(t, nil, "serve", "--ports", busy, "--health-file", hf)
	eventually(t, 20*time.Second, "the health file appears without a listener", func() bool {
		_, err := os.Stat(hf)
		return err == nil
	})
	if !strings.Contains(p.stderr.String(), " - ERROR - ") {
		t.Errorf("no ERROR line about the missing listener:\n%s", p.stderr.String())
	}
	p.stop()
	if _, err := os.Stat(hf); !os.IsNotExist(err) {
		t.Errorf("health file left behind on exit: %v", err)
	}
}

// Bad flags and specs, black-box: one line on stderr and exit 2.
func TestServeBadFlagsBlackBox(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--bogus"},
		{"serve", "--ports", "8080-abc"},
		{"serve", "--check", "db=tcp:nohost"},
		{"serve", "--check", "api=http:http://127.0.0.1/,expect=999"},
		{"serve", "--push", "0.0.0.0:9901"},
		{"serve", "--log-format", "xml"},
		{"launch"},
	} {
		code, stdout, stderr := runBinary(t, nil, args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and one line", args, code, stdout, stderr)
		}
	}
}

// TestServeStatusCodes: --passing-code and --failing-code (and their
// environment variables) change what the health endpoints answer, not 404.
func TestServeStatusCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("black-box test")
	}
	closed := strconv.Itoa(tcptest.FreePort(t))
	_, base := serveOn(t, []string{"HEALTHLITE_PASSING_CODE=204"},
		"--failing-code", "500", "--check", "down=tcp:127.0.0.1:"+closed+",interval=100ms", "--check", "up=file:/,groups=live")
	waitStatus(t, base+"/readyz", 500)
	waitStatus(t, base+"/livez", 204)
	if code, _ := get(t, base+"/nope"); code != 404 {
		t.Errorf("/nope answered %d, want 404", code)
	}
}
