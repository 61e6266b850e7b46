package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// The words a user reads: a failing line names no reason unless asked for,
// says the reason is hidden only when --details hides it, and the log uses
// /health's status words.
func TestWordsOfFailure(t *testing.T) {
	down := "127.0.0.1:" + strconv.Itoa(tcptest.FreePort(t))
	_, base := serveOn(t, nil, "--check", "bot=tcp:"+down+",groups=live")
	waitFirstRun(t, base+"/livez?verbose")
	if _, body := get(t, base+"/livez"); !strings.Contains(body, "[-]bot failed\n") || strings.Contains(body, "withheld") {
		t.Errorf("/livez = %q; want a bare [-]bot failed line", body)
	}
	if _, body := get(t, base+"/livez?verbose"); !strings.Contains(body, "[-]bot failed since ") || !strings.Contains(body, ": dial tcp "+down) {
		t.Errorf("/livez?verbose for loopback = %q; want the reason", body)
	}
	_, hidden := serveOn(t, nil, "--details", "none", "--check", "bot=tcp:"+down+",groups=live")
	waitFirstRun(t, hidden+"/livez?verbose")
	if _, body := get(t, hidden+"/livez?verbose"); !strings.Contains(body, "[-]bot failed: reason hidden (--details)\n") {
		t.Errorf("/livez?verbose under --details none = %q", body)
	}

	dir := t.TempDir()
	pushFile, hf := filepath.Join(dir, "push"), filepath.Join(dir, "healthy")
	p, base := serveOn(t, nil, "--push", "127.0.0.1:0", "--push-port-file", pushFile, "--flag", "ok=true", "--health-file", hf)
	push := "http://127.0.0.1:" + p.waitFile(pushFile, "push port file")
	eventually(t, 20*time.Second, "the health file", func() bool { _, err := os.Stat(hf); return err == nil })
	post(t, client, push+"/flags/ok", "false")
	eventually(t, 20*time.Second, "the health file's removal to be logged", func() bool {
		return strings.Contains(p.stderr.String(), "removed: service is unhealthy")
	})
	if log := p.stderr.String(); strings.Contains(log, "service is fail") {
		t.Errorf("the log says %q; /health says unhealthy", "service is fail")
	}
	if _, doc := health(t, base); doc.Status != "unhealthy" {
		t.Errorf("/health status %q", doc.Status)
	}
}

// waitFirstRun waits until url answers 503 for the check's own failure,
// not for its first run still to come ("waiting for the first run" is 503
// too, and a test that reads the reason right after it sees no reason).
func waitFirstRun(t *testing.T, url string) {
	t.Helper()
	eventually(t, 20*time.Second, url+" after the check's first run", func() bool {
		code, body := get(t, url)
		return code == 503 && strings.Contains(body, "[-]bot failed") && !strings.Contains(body, "first run")
	})
}

// Every command-line mistake of "healthlite check" exits 2 (CRITICAL for
// Nagios, as documented once in the README), never 3 (UNKNOWN).
func TestCheckUsageExits2(t *testing.T) {
	for _, args := range [][]string{
		{"check", "x.wasm", "--bogus"},
		{"check", "x.wasm", "--allow", "nohostport"},
		{"check", "x.wasm", "--allow", "127.0.0.1:0"},
		{"check", "x.wasm", "--config", "novalue"},
	} {
		code, _, stderr := runBinary(t, nil, args...)
		if code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
	}
}

// A WASI command module gets arg= under serve as --arg under check; a
// request the allow list refuses is named in the message.
func TestWasmArgAndDenial(t *testing.T) {
	cmd := checkModule(t, "command")
	tcp := checkModule(t, "tcp")
	refused := "127.0.0.1:" + strconv.Itoa(tcptest.FreePort(t))
	_, base := serveOn(t, nil,
		"--check", "ok=wasm:"+cmd,
		"--check", "crit=wasm:"+cmd+",arg=2,groups=live",
		"--check", "denied=wasm:"+tcp+",config.addr="+refused)
	waitStatus(t, base+"/livez", 503)
	eventually(t, 20*time.Second, "every check to run", func() bool {
		_, doc := health(t, base)
		return doc.Checks["ok"] == "pass" && doc.Checks["crit"] == "fail" && doc.Checks["denied"] == "fail"
	})
	if _, body := get(t, base+"/readyz?verbose"); !strings.Contains(body, "[-]denied failed since ") || !strings.Contains(body, ": "+refused+" not allowed (--allow)") {
		t.Errorf("/readyz?verbose = %q; want the refused address named", body)
	}
	if code, _, stderr := runBinary(t, nil, "serve", "--check", "x=tcp:127.0.0.1:1,arg=1"); code != 2 || !strings.Contains(stderr, `unknown key "arg" for a tcp check`) {
		t.Errorf("arg= on a tcp check: exit %d %q", code, stderr)
	}
}
