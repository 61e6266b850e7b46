package deploy

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/exectest"
)

// The HAProxy tests run haproxy/haproxy.cfg, as it is, with a real HAProxy
// in front of a real healthlite, and read what HAProxy made of healthlite's
// answers from its stats socket.

// needHAProxy skips without haproxy, except in CI, which installs it.
func needHAProxy(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("haproxy")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("haproxy not installed, but CI installs it (.ci/run apt_pkgs)")
		}
		t.Skip("haproxy not installed (Debian: apt-get install haproxy)")
	}
	return path
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// haproxy is a running HAProxy and its stats socket.
type haproxy struct {
	sock string
	out  *exectest.Buffer
}

// startHAProxy runs haproxy/haproxy.cfg with the server app1 at
// healthlite's HTTP port and its agent at agentPort.
func startHAProxy(t *testing.T, httpPort, agentPort int) *haproxy {
	t.Helper()
	bin := needHAProxy(t)
	h := &haproxy{sock: filepath.Join(t.TempDir(), "admin.sock"), out: &exectest.Buffer{}}
	cmd := exec.Command(bin, "-db", "-f", "haproxy/haproxy.cfg")
	cmd.Env = append(os.Environ(),
		"APP_ADDR=127.0.0.1:"+strconv.Itoa(httpPort),
		"HEALTHLITE_PORT="+strconv.Itoa(httpPort),
		"HEALTHLITE_AGENT_PORT="+strconv.Itoa(agentPort),
		"FRONTEND_ADDR=127.0.0.1:"+strconv.Itoa(freePort(t)),
		"HAPROXY_STATS_SOCKET="+h.sock)
	cmd.Stdout, cmd.Stderr = h.out, h.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		if t.Failed() {
			t.Logf("haproxy:\n%s", h.out)
		}
	})
	return h
}

// srvState is the part of "show servers state" the tests read.
type srvState struct {
	op, admin, weight int // srv_op_state, srv_admin_state, srv_uweight
}

// HAProxy's srv_op_state and srv_admin_state values.
const (
	opStopped  = 0 // DOWN
	opRunning  = 2 // UP
	opStopping = 3 // NOLB: disable-on-404
	adminReady = 0
	adminMaint = 0x01 // FMAINT: the agent said "maint"
	adminDrain = 0x08 // FDRAIN: the agent said "drain"
)

// state asks the stats socket for server app1's state.
func (h *haproxy) state() (srvState, bool) {
	c, err := net.DialTimeout("unix", h.sock, 5*time.Second)
	if err != nil {
		return srvState{}, false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "show servers state app\n")
	b, _ := io.ReadAll(c)
	for line := range strings.SplitSeq(string(b), "\n") {
		f := strings.Fields(line)
		// be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight …
		if len(f) > 7 && f[3] == "app1" {
			var st srvState
			st.op, _ = strconv.Atoi(f[5])
			st.admin, _ = strconv.Atoi(f[6])
			st.weight, _ = strconv.Atoi(f[7])
			return st, true
		}
	}
	return srvState{}, false
}

// waitFor polls app1's state until match holds (bounded: HAProxy checks
// every 100ms, so this takes a fraction of a second unless broken).
func (h *haproxy) waitFor(t *testing.T, what string, match func(srvState) bool) srvState {
	t.Helper()
	var st srvState
	var ok bool
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if st, ok = h.state(); ok && match(st) {
			return st
		}
	}
	t.Fatalf("HAProxy's server never got %s; last state %+v (read %v)", what, st, ok)
	return st
}

// pushStatus sets the --status db check through the push API.
func pushStatus(t *testing.T, pushAddr, body string) {
	t.Helper()
	resp, err := http.Post("http://"+pushAddr+"/status/db", "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("POST /status/db %q: %d", body, resp.StatusCode)
	}
}

// maint runs "healthlite maint ACTION… --push addr".
func maint(t *testing.T, pushAddr string, action ...string) {
	t.Helper()
	out, err := exec.Command(binary, append(append([]string{"maint"}, action...), "--push", pushAddr)...).CombinedOutput()
	if err != nil {
		t.Fatalf("healthlite maint %s: %v\n%s", strings.Join(action, " "), err, out)
	}
}

// lbServe runs healthlite serve with the ports HAProxy's configuration
// names and a readiness status "db" set through the push API.
func lbServe(t *testing.T, httpPort int, pushAddr string, extra ...string) *server {
	t.Helper()
	portFile := filepath.Join(t.TempDir(), "port")
	args := append([]string{"--ports", strconv.Itoa(httpPort), "--port-file", portFile, "--strict",
		"--push", pushAddr, "--status", "db", "--drain-delay", "5m"}, extra...)
	return serve(t, args, nil, portFile)
}

// TestHAProxyFollowsHealthlite walks HAProxy's server through every state
// healthlite's agent states: healthy, degraded (the weight drops), draining,
// maintenance (kept across a restart by --state-file), failing, healthy.
func TestHAProxyFollowsHealthlite(t *testing.T) {
	needHAProxy(t)
	httpPort, agentPort := freePort(t), freePort(t)
	pushAddr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	stateFile := filepath.Join(t.TempDir(), "state.json")
	args := []string{"--agent", "127.0.0.1:" + strconv.Itoa(agentPort), "--agent-degraded-weight", "40", "--state-file", stateFile}
	s := lbServe(t, httpPort, pushAddr, args...)
	pushStatus(t, pushAddr, "pass")
	hp := startHAProxy(t, httpPort, agentPort)

	hp.waitFor(t, "healthy: UP, weight 100", func(st srvState) bool {
		return st.op == opRunning && st.admin == adminReady && st.weight == 100
	})
	pushStatus(t, pushAddr, "warn replica lag")
	hp.waitFor(t, "degraded: UP, weight 40", func(st srvState) bool {
		return st.op == opRunning && st.admin == adminReady && st.weight == 40
	})
	s.Cmd.Process.Signal(syscall.SIGTERM) // drains for --drain-delay
	hp.waitFor(t, "draining: DRAIN", func(st srvState) bool { return st.admin == adminDrain })
	maint(t, pushAddr, "on", "kernel", "upgrade")
	hp.waitFor(t, "maintenance: MAINT", func(st srvState) bool { return st.admin == adminMaint })
	s.stop(t) // the second SIGTERM ends the drain delay

	// Restarted, healthlite reads --state-file and stays in maintenance.
	s = lbServe(t, httpPort, pushAddr, args...)
	if b, err := os.ReadFile(stateFile); err != nil || !strings.Contains(string(b), `"reason":"kernel upgrade"`) {
		t.Fatalf("state file: %q, %v", b, err)
	}
	hp.waitFor(t, "maintenance after the restart: MAINT", func(st srvState) bool { return st.admin == adminMaint })
	pushStatus(t, pushAddr, "fail connection refused")
	maint(t, pushAddr, "off")
	hp.waitFor(t, "failing: DOWN, not in maintenance", func(st srvState) bool {
		return st.op == opStopped && st.admin == adminReady
	})
	pushStatus(t, pushAddr, "pass")
	hp.waitFor(t, "healthy again: UP, weight 100", func(st srvState) bool {
		return st.op == opRunning && st.admin == adminReady && st.weight == 100
	})
	// Two SIGTERMs sent back to back can reach the process as one (the
	// kernel keeps one pending signal of a kind): wait for the drain first.
	s.Cmd.Process.Signal(syscall.SIGTERM)
	hp.waitFor(t, "draining at the end: DRAIN", func(st srvState) bool { return st.admin == adminDrain })
	s.stop(t)
}

// TestHAProxyDisableOn404 shows --draining-code 404 with HAProxy's
// http-check disable-on-404 (no agent): while healthlite drains, the server
// is NOLB (no new traffic, no DOWN alert), not DOWN.
func TestHAProxyDisableOn404(t *testing.T) {
	needHAProxy(t)
	httpPort, agentPort := freePort(t), freePort(t) // nothing listens on agentPort
	pushAddr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	s := lbServe(t, httpPort, pushAddr, "--draining-code", "404")
	pushStatus(t, pushAddr, "pass")
	hp := startHAProxy(t, httpPort, agentPort)
	hp.waitFor(t, "healthy: UP", func(st srvState) bool { return st.op == opRunning && st.admin == adminReady })
	s.Cmd.Process.Signal(syscall.SIGTERM)
	hp.waitFor(t, "draining: NOLB", func(st srvState) bool { return st.op == opStopping })
	for i := 0; i < 10; i++ { // a few more checks: it stays NOLB, never DOWN
		time.Sleep(100 * time.Millisecond)
		if st, ok := hp.state(); !ok || st.op != opStopping {
			t.Fatalf("while draining: %+v (read %v), want NOLB (op %d)", st, ok, opStopping)
		}
	}
	s.stop(t)
}
