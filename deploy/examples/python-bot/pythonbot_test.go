package pythonbot

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/exectest"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// binary is the healthlite binary built from ../../../cmd/healthlite by TestMain.
var binary string

func TestMain(m *testing.M) {
	path, cleanup, err := exectest.Build("../../../cmd/healthlite")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = path
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// scenario is one run of run.sh: healthlite serve plus bot.py, in a
// process group of their own, so that a failing test still kills them all.
type scenario struct {
	*exectest.Group
	state string // STATE_DIR: port file, health file, heartbeat file
	base  string // http://127.0.0.1:PORT
}

// start runs run.sh with a free push port and port 0, passing botArgs to
// bot.py, and waits (bounded) for the port file.
func start(t *testing.T, botArgs ...string) *scenario {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed: the example's bot is a Python program")
	}
	s := &scenario{state: t.TempDir()}
	cmd := exec.Command("sh", append([]string{"run.sh"}, botArgs...)...)
	cmd.Env = append(os.Environ(),
		"HEALTHLITE="+binary,
		"HEALTH_SERVER_PORTS=0",
		"PUSH="+tcptest.FreeAddr(t),
		"STATE_DIR="+s.state,
	)
	s.Group = exectest.StartGroup(t, cmd)
	s.base = "http://127.0.0.1:" + strconv.Itoa(s.WaitPortFile(t, filepath.Join(s.state, "port")))
	return s
}

// stop sends SIGTERM to run.sh and waits (bounded) for it to exit.
func (s *scenario) stop(t *testing.T) {
	t.Helper()
	if err := s.Stop(t); err != nil {
		t.Errorf("run.sh after SIGTERM: %v", err)
	}
}

// health GETs /health and returns its status code and JSON document.
func (s *scenario) health(t *testing.T) (int, map[string]any, bool) {
	t.Helper()
	resp, err := http.Get(s.base + "/health")
	if err != nil {
		return 0, nil, false
	}
	defer resp.Body.Close()
	var doc map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatalf("/health answered %s with a body that is not JSON: %v", resp.Status, err)
	}
	return resp.StatusCode, doc, true
}

func (s *scenario) code(t *testing.T, path string) int {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestBotTurnsServiceHealthy(t *testing.T) {
	s := start(t, "--interval", "0.2", "--startup-delay", "0.2")
	var doc map[string]any
	coretest.WaitUntil(t, time.Minute, "/health to say healthy with bot_ready true", func() bool {
		code, d, ok := s.health(t)
		doc = d
		return ok && code == http.StatusOK && d["status"] == "healthy" && d["bot_ready"] == true
	})
	if doc["trading_bot_initialized"] != true {
		t.Errorf("trading_bot_initialized = %v, want true", doc["trading_bot_initialized"])
	}
	checks, _ := doc["checks"].(map[string]any)
	for _, name := range []string{"bot", "heartbeat_file", "trading"} {
		if checks[name] != "pass" {
			t.Errorf("checks[%q] = %v, want pass (checks: %v)", name, checks[name], checks)
		}
	}
	if hb, _ := doc["last_heartbeat"].(string); hb == "" {
		t.Errorf("last_heartbeat = %v, want the time of the bot's last POST /heartbeat/bot", doc["last_heartbeat"])
	}
	if code := s.code(t, "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz = %d, want 200 once the bot is ready", code)
	}
	healthFile := filepath.Join(s.state, "bot_healthy")
	coretest.WaitUntil(t, time.Minute, "the health file", func() bool {
		b, err := os.ReadFile(healthFile)
		return err == nil && strings.Contains(string(b), `"bot_ready":true`)
	})
	if _, err := os.Stat(filepath.Join(s.state, "bot.heartbeat")); err != nil {
		t.Errorf("heartbeat file: %v", err)
	}

	s.stop(t)
	if _, err := os.Stat(healthFile); !os.IsNotExist(err) {
		t.Errorf("health file after shutdown: %v, want it removed", err)
	}
	if out := s.Output.String(); !strings.Contains(out, "stopping: bot_ready=false first") {
		t.Errorf("bot did not log its orderly stop:\n%s", out)
	}
}

func TestNotReadyUntilBotSaysSo(t *testing.T) {
	// The bot never finishes starting: the flags keep their false default.
	s := start(t, "--interval", "0.2", "--startup-delay", "3600")
	var code int
	var doc map[string]any
	coretest.WaitUntil(t, time.Minute, "/health to answer", func() bool {
		var ok bool
		code, doc, ok = s.health(t)
		return ok
	})
	if code != http.StatusServiceUnavailable || doc["bot_ready"] != false || doc["trading_bot_initialized"] != false {
		t.Errorf("/health = %d %v, want 503 with bot_ready and trading_bot_initialized false", code, doc)
	}
	if code := s.code(t, "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d, want 503 until the bot is ready", code)
	}
	if _, err := os.Stat(filepath.Join(s.state, "bot_healthy")); !os.IsNotExist(err) {
		t.Errorf("health file while not ready: %v, want none", err)
	}
	s.stop(t)
}
