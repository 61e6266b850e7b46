package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/exectest"
)

// serve in-process, so that go test -race watches its goroutines (health
// file writer, watchdog, push API, transport) in this process too.
func TestServeInProcess(t *testing.T) {
	clearEnv(t)
	t.Setenv("NOTIFY_SOCKET", "")
	dir := t.TempDir()
	portFile := filepath.Join(dir, "port")
	hf := filepath.Join(dir, "healthy")
	sock := filepath.Join(dir, "push.sock")
	var stderr exectest.Buffer
	cfg, code := parseServe([]string{"--ports", "0", "--port-file", portFile, "--health-file", hf,
		"--push", "unix:" + sock, "--status", "engine", "--transport", "stdlib"}, &stderr, &stderr)
	if cfg == nil {
		t.Fatalf("parseServe: %d %s", code, stderr.String())
	}
	sigs := make(chan os.Signal, 1)
	done := make(chan int)
	go func() { done <- serve(cfg, sigs, &stderr) }()

	var port []byte
	eventually(t, 20*time.Second, "the port file is written", func() bool {
		var err error
		port, err = os.ReadFile(portFile)
		return err == nil
	})
	base := "http://127.0.0.1:" + string(bytes.TrimSpace(port))
	waitStatus(t, base+"/readyz", 503) // engine unknown until pushed
	post(t, unixClient(sock), "http://push/status/engine", "pass")
	waitStatus(t, base+"/readyz", 200)
	eventually(t, 20*time.Second, "the health file appears", func() bool { _, err := os.Stat(hf); return err == nil })

	sigs <- syscall.SIGTERM
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve returned %d, want 0", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not return after SIGTERM")
	}
	for _, f := range []string{portFile, hf, sock} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s left behind: %v", f, err)
		}
	}
	if !strings.Contains(stderr.String(), "Received terminated, shutting down") {
		t.Errorf("log:\n%s", stderr.String())
	}
}
