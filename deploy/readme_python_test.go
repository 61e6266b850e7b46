package deploy

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/exectest"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// The README's Python snippet, run before the sidecar is up, waits for it
// instead of crashing with "Connection refused" (the crash the project
// exists to prevent), then reports the bot ready.
func TestREADMEPythonSnippetWaitsForSidecar(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\\*\\*Push API\\*\\*.*?```python\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("README.md: no python block in the Push API section")
	}
	pushPort := strconv.Itoa(tcptest.FreePort(t))
	script := filepath.Join(t.TempDir(), "snippet.py")
	if err := os.WriteFile(script, []byte(strings.ReplaceAll(string(m[1]), "127.0.0.1:9901", "127.0.0.1:"+pushPort)), 0o644); err != nil {
		t.Fatal(err)
	}
	py := exec.Command("python3", script)
	out := &exectest.Buffer{}
	py.Stdout, py.Stderr = out, out
	if err := py.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- py.Wait() }()
	t.Cleanup(func() { py.Process.Kill() })

	portFile := filepath.Join(t.TempDir(), "port")
	s := serve(t, []string{"--ports", "0", "--port-file", portFile, "--push", "127.0.0.1:" + pushPort,
		"--flag", "bot_ready", "--flag", "trading_bot_initialized", "--heartbeat", "bot,ttl=30s", "--status", "trading"}, nil, portFile)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the README's snippet failed: %v\n%s", err, out)
		}
	case <-time.After(120 * time.Second):
		t.Fatalf("the README's snippet did not finish\n%s", out)
	}
	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(s.port) + "/health")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var doc map[string]any
	json.Unmarshal(body, &doc)
	if resp.StatusCode != 200 || doc["bot_ready"] != true || doc["status"] != "healthy" {
		t.Errorf("/health after the snippet: %d %s", resp.StatusCode, body)
	}
	s.stop(t)
}
