package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// checkModule compiles ../../wasm/testdata/NAME.wat with wat2wasm into a
// temporary directory and returns the .wasm path.
func checkModule(t *testing.T, name string) string {
	t.Helper()
	if _, err := exec.LookPath("wat2wasm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("wat2wasm is missing (apt-get install -y wabt)")
		}
		t.Skip("wat2wasm not installed (apt-get install -y wabt)")
	}
	out := filepath.Join(t.TempDir(), name+".wasm")
	src := filepath.Join("..", "..", "wasm", "testdata", name+".wat")
	if b, err := exec.Command("wat2wasm", src, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm %s: %v\n%s", src, err, b)
	}
	return out
}

func runCheckArgs(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := runCheck(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCheckStatuses(t *testing.T) {
	mod := checkModule(t, "status")
	for _, tc := range []struct {
		status string
		code   int
		line   string
	}{
		{"0", 0, "pass: all | good | latency_ms=12.5 count=1\n"},
		{"1", 1, "warn: all | good | latency_ms=12.5 count=1\n"},
		{"2", 2, "fail: all | good | latency_ms=12.5 count=1\n"},
		{"3", 3, "unknown: all | good | latency_ms=12.5 count=1\n"},
	} {
		// The message "all | good\nnext" is kept on one line, its '|' replaced.
		code, out, errOut := runCheckArgs(mod, "--config", "status="+tc.status, "--config", "message=all | good\nnext")
		want := strings.Replace(tc.line, "all | good |", "all / good next |", 1)
		if code != tc.code || out != want || errOut != "" {
			t.Errorf("status %s: exit %d, stdout %q, stderr %q; want exit %d, %q", tc.status, code, out, errOut, tc.code, want)
		}
	}
}

func TestCheckFlagsAfterFileAndHTTP(t *testing.T) {
	mod := checkModule(t, "http")
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello world") }))
	defer s.Close()
	hostport := strings.TrimPrefix(s.URL, "http://")
	code, out, _ := runCheckArgs("--config", "url="+s.URL, mod, "--allow", hostport, "--timeout", "5s")
	if code != 0 || out != "pass: hello | code=200\n" {
		t.Errorf("allowed: exit %d %q", code, out)
	}
	code, out, _ = runCheckArgs(mod, "--config", "url="+s.URL)
	if code != 2 || out != "fail: "+hostport+" not allowed (--allow) | code=-1\n" {
		t.Errorf("not allowed: exit %d %q", code, out)
	}
}

func TestCheckCommandModule(t *testing.T) {
	mod := checkModule(t, "command")
	code, out, _ := runCheckArgs(mod, "--arg", "1")
	if code != 1 || out != "warn: OK - queue depth 12 | depth=12 oldest_age=3.5\n" {
		t.Errorf("exit %d %q", code, out)
	}
}

func TestCheckTimeout(t *testing.T) {
	mod := checkModule(t, "loop")
	code, out, _ := runCheckArgs(mod, "--timeout", "20ms")
	if code != 2 || out != "fail: timeout after 20ms\n" {
		t.Errorf("exit %d %q", code, out)
	}
}

func TestCheckLogsToStderr(t *testing.T) {
	mod := checkModule(t, "log")
	code, out, errOut := runCheckArgs(mod)
	if code != 0 || out != "pass:\n" || !strings.Contains(errOut, `level=WARN msg="hello from the guest" check=log`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestCheckCannotRun(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.wasm")
	os.WriteFile(garbage, []byte("#!/bin/sh\necho hi\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int // 2 for a command-line mistake, 3 (UNKNOWN) for a module that cannot load
		want string
	}{
		{nil, 2, "want exactly one FILE.wasm, got 0"},
		{[]string{"a.wasm", "b.wasm"}, 2, "want exactly one FILE.wasm, got 2"},
		{[]string{filepath.Join(dir, "missing.wasm")}, 3, "missing.wasm: no such file or directory"},
		{[]string{garbage}, 3, `healthlite: wasm["garbage"]: not WebAssembly`},
		{[]string{garbage, "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{garbage, "--config", "novalue"}, 2, `--config "novalue": want KEY=VALUE`},
		{[]string{garbage, "--timeout", "0s"}, 2, "--timeout 0s: want a positive duration"},
		{[]string{garbage, "--max-code-size", "0"}, 2, "--max-code-size 0: want a positive number"},
		{[]string{garbage, "--allow", "nohost"}, 2, `--allow "nohost": want host:port`},
	} {
		code, out, errOut := runCheckArgs(tc.args...)
		if code != tc.code || out != "" || !strings.HasPrefix(errOut, "healthlite check: ") ||
			!strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit %d and one line saying %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
}

func TestCheckHelp(t *testing.T) {
	code, out, _ := runCheckArgs("--help")
	if code != 0 || !strings.HasPrefix(out, "Usage: healthlite check FILE.wasm") {
		t.Errorf("exit %d %q", code, out)
	}
}

// TestCheckEscapesGuestText: a guest's message with ANSI and OSC escapes
// reaches the terminal as visible text, not as escape sequences.
func TestCheckEscapesGuestText(t *testing.T) {
	mod := checkModule(t, "status")
	code, out, errOut := runCheckArgs(mod, "--config", "status=0", "--config", "message=\x1b]0;pwned\x07\x1b[31mred\u009b2J")
	want := `pass: \x1b]0;pwned\x07\x1b[31mred\u009b2J | latency_ms=12.5 count=1` + "\n"
	if code != 0 || out != want || errOut != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0, %q", code, out, errOut, want)
	}
}

// escLogModule is a module that logs "\x1b]0;pwned\x07\x1b[31mred" (an OSC
// window title and an ANSI colour) at warn level, then passes.
func escLogModule(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("wat2wasm"); err != nil {
		t.Skip("wat2wasm not installed (apt-get install -y wabt)")
	}
	dir := t.TempDir()
	src, out := filepath.Join(dir, "esclog.wat"), filepath.Join(dir, "esclog.wasm")
	wat := `(module
  (import "healthlite" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\1b]0;pwned\07\1b[31mred")
  (func (export "check") (result i32)
    (call $log (i32.const 2) (i32.const 0) (i32.const 19))
    (i32.const 0)))`
	if err := os.WriteFile(src, []byte(wat), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("wat2wasm", src, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	return out
}

// TestGuestLogEscaped: a guest's log line with terminal escapes reaches
// stderr as visible text, from "healthlite check" and from serve's log.
func TestGuestLogEscaped(t *testing.T) {
	mod := escLogModule(t)
	code, _, errOut := runCheckArgs(mod)
	if code != 0 || strings.ContainsAny(errOut, "\x1b\x07") || !strings.Contains(errOut, `\x1b]0;pwned\a\x1b[31mred`) {
		t.Errorf("check: exit %d, stderr %q", code, errOut)
	}
	p, _ := serveOn(t, nil, "--check", "esc=wasm:"+mod+",interval=1s")
	eventually(t, 20*time.Second, "serve logs the guest's line", func() bool { return strings.Contains(p.stderr.String(), "pwned") })
	if out := p.stderr.String(); strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `\x1b]0;pwned\x07\x1b[31mred`) {
		t.Errorf("serve: stderr %q", out)
	}
}
