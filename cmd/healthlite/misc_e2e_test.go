package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

func TestVersionBlackBox(t *testing.T) {
	code, stdout, _ := runBinary(t, nil, "version")
	re := regexp.MustCompile(`^healthlite \S+ \(commit ([0-9a-f]{40}(-dirty)?|unknown), go1\.\d+\S*\)\n$`)
	if code != 0 || !re.MatchString(stdout) {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// --log-format json writes one JSON object per line with slog's keys.
func TestServeLogFormatJSON(t *testing.T) {
	p, _ := serveOn(t, []string{"HEALTHLITE_LOG_FORMAT=json"})
	p.stop()
	lines := strings.Split(strings.TrimSpace(p.stderr.String()), "\n")
	found := false
	for _, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, "Health server started on port ") && rec["level"] == "INFO" {
			found = true
		}
	}
	if !found {
		t.Errorf("no JSON line for the start:\n%s", p.stderr.String())
	}
}

// Socket activation end to end: systemd-socket-activate (Debian's systemd
// package) holds the listening socket and starts healthlite on the first
// connection; healthlite serves on the inherited socket instead of binding.
func TestServeSocketActivation(t *testing.T) {
	tool, err := exec.LookPath("systemd-socket-activate")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("systemd-socket-activate is missing (apt-get install systemd)")
		}
		t.Skip("systemd-socket-activate not installed")
	}
	bin := binary(t)
	port := strconv.Itoa(tcptest.FreePort(t))
	cmd := exec.Command(tool, "-l", "127.0.0.1:"+port, bin, "serve", "--ports", "1")
	cmd.Env = baseEnv()
	p := startCmd(t, cmd)
	// The first request starts healthlite (systemd-socket-activate execs it
	// in place, so p is healthlite from then on).
	waitStatus(t, "http://127.0.0.1:"+port+"/health", 200)
	started := "Health server started on port " + port + " socket_activation=systemd"
	eventually(t, 10*time.Second, "the start line", func() bool { return strings.Contains(p.stderr.String(), started) })
	if strings.Contains(p.stderr.String(), "Port 1 ") {
		t.Errorf("healthlite bound --ports instead of using the inherited socket:\n%s", p.stderr.String())
	}
	p.stop()
}
