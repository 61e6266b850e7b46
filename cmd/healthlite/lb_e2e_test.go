package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// maintCLI runs "healthlite maint ARGS… --push unix:sock" and returns its
// exit status and output.
func maintCLI(t *testing.T, sock string, args ...string) (int, string) {
	t.Helper()
	code, stdout, stderr := runBinary(t, nil, append(append([]string{"maint"}, args...), "--push", "unix:"+sock)...)
	return code, stdout + stderr
}

// readState reads and parses the state file.
func readState(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("state file %q: %v", b, err)
	}
	return doc
}

// TestMaintenanceSurvivesRestart is the operator's story: maintenance on,
// kill -TERM, start again — still out of rotation; off, restart — back in.
func TestMaintenanceSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	sock, state, healthFile := filepath.Join(dir, "push.sock"), filepath.Join(dir, "state.json"), filepath.Join(dir, "healthy")
	args := []string{"--push", "unix:" + sock, "--state-file", state, "--health-file", healthFile}

	p, base := serveOn(t, nil, args...)
	waitStatus(t, base+"/readyz", 200)
	eventually(t, 20*time.Second, "the health file is written", func() bool { _, err := os.Stat(healthFile); return err == nil })
	if code, out := maintCLI(t, sock, "on", "disk", "swap,", "ticket", "42"); code != 0 || !strings.HasPrefix(out, "maintenance on since ") || !strings.HasSuffix(out, ": disk swap, ticket 42\n") {
		t.Fatalf("maint on: exit %d, %q", code, out)
	}
	checkMaintenance(t, base, "disk swap, ticket 42")
	eventually(t, 20*time.Second, "the health file is removed", func() bool { _, err := os.Stat(healthFile); return err != nil })
	if doc := readState(t, state); doc["maintenance"] != true || doc["reason"] != "disk swap, ticket 42" || doc["since"] == nil {
		t.Errorf("state file %v", doc)
	}
	p.signal(syscall.SIGTERM)
	if code := p.wait(30 * time.Second); code != 0 {
		t.Fatalf("exit %d after SIGTERM", code)
	}

	p, base = serveOn(t, nil, args...)
	checkMaintenance(t, base, "disk swap, ticket 42")
	if !strings.Contains(p.stderr.String(), "WARNING - Maintenance mode on since ") || !strings.Contains(p.stderr.String(), "(from state file "+state+")") {
		t.Errorf("no log line about the maintenance read from the state file:\n%s", p.stderr)
	}
	if code, out := maintCLI(t, sock, "status"); code != 0 || !strings.Contains(out, "maintenance on since ") {
		t.Errorf("maint status: exit %d, %q", code, out)
	}
	if code, out := maintCLI(t, sock, "off"); code != 0 || out != "maintenance off\n" {
		t.Fatalf("maint off: exit %d, %q", code, out)
	}
	waitStatus(t, base+"/readyz", 200)
	if doc := readState(t, state); doc["maintenance"] != false {
		t.Errorf("state file after off: %v", doc)
	}
	p.signal(syscall.SIGTERM)
	p.wait(30 * time.Second)

	p, base = serveOn(t, nil, args...)
	waitStatus(t, base+"/readyz", 200)
	if code, doc := health(t, base); code != 200 || doc.Status != "healthy" {
		t.Errorf("after the last restart: /health %d %q", code, doc.Status)
	}
	p.signal(syscall.SIGTERM)
	p.wait(30 * time.Second)
}

// checkMaintenance asserts every signal of maintenance mode on base.
func checkMaintenance(t *testing.T, base, reason string) {
	t.Helper()
	waitStatus(t, base+"/readyz", 503)
	if _, body := get(t, base+"/readyz?verbose"); !strings.Contains(body, "[-]maintenance: "+reason+"\n") {
		t.Errorf("/readyz?verbose = %q", body)
	}
	if code, _ := get(t, base+"/livez"); code != 200 {
		t.Errorf("/livez = %d in maintenance, want 200", code)
	}
	if code, doc := health(t, base); code != 503 || doc.Status != "maintenance" {
		t.Errorf("/health = %d %q", code, doc.Status)
	}
	if _, body := get(t, base+"/metrics?format=prometheus"); !strings.Contains(body, "\nhealthlite_maintenance 1\n") {
		t.Errorf("no healthlite_maintenance 1 in /metrics")
	}
}

func TestCorruptStateFileStartsInMaintenance(t *testing.T) {
	for name, setup := range map[string]func(path string){
		"garbage":      func(path string) { os.WriteFile(path, []byte("{\"maintenance\": tr"), 0o644) },
		"no field":     func(path string) { os.WriteFile(path, []byte(`{"reason":"x"}`), 0o644) },
		"empty":        func(path string) { os.WriteFile(path, nil, 0o644) },
		"a directory":  func(path string) { os.Mkdir(path, 0o755) },
		"trailing doc": func(path string) { os.WriteFile(path, []byte(`{"maintenance":false} {}`), 0o644) },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			sock, state := filepath.Join(dir, "push.sock"), filepath.Join(dir, "state.json")
			setup(state)
			p, base := serveOn(t, nil, "--push", "unix:"+sock, "--state-file", state)
			checkMaintenance(t, base, "state file "+state+" cannot be used")
			if n := strings.Count(p.stderr.String(), "ERROR - State file "+state+" cannot be used"); n != 1 {
				t.Errorf("%d error lines about the state file, want 1:\n%s", n, p.stderr)
			}
			if name == "a directory" {
				return // off cannot be written over a directory: the switch works, the reply says so
			}
			if code, out := maintCLI(t, sock, "off"); code != 0 {
				t.Fatalf("maint off: exit %d, %q", code, out)
			}
			waitStatus(t, base+"/readyz", 200)
			if doc := readState(t, state); doc["maintenance"] != false {
				t.Errorf("state file after off: %v", doc)
			}
		})
	}
}

// TestMaintenanceConcurrentSwitches switches maintenance from many clients
// at once: the server and its state file always agree with the last switch,
// and the file is never seen half-written.
func TestMaintenanceConcurrentSwitches(t *testing.T) {
	dir := t.TempDir()
	sock, state := filepath.Join(dir, "push.sock"), filepath.Join(dir, "state.json")
	_, base := serveOn(t, nil, "--push", "unix:"+sock, "--state-file", state)
	c := unixClient(sock)
	do := func(method string) int {
		req, _ := http.NewRequest(method, "http://localhost/maintenance", strings.NewReader("r"))
		resp, err := c.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	go func() { // reads the state file throughout: always whole JSON
		defer close(readerDone)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if b, err := os.ReadFile(state); err == nil && !json.Valid(b) {
				t.Errorf("state file read half-written: %q", b)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				method := http.MethodPost
				if (g+i)%2 == 1 {
					method = http.MethodDelete
				}
				if code := do(method); code != 200 {
					t.Errorf("%s /maintenance: %d", method, code)
				}
			}
		}(g)
	}
	wg.Wait()
	close(stop)
	<-readerDone
	for _, m := range []string{http.MethodPost, http.MethodDelete, http.MethodPost} {
		do(m)
		on := m == http.MethodPost
		want := 200
		if on {
			want = 503
		}
		waitStatus(t, base+"/readyz", want)
		if doc := readState(t, state); doc["maintenance"] != on {
			t.Errorf("after %s: state file %v", m, doc)
		}
	}
	if code := do(http.MethodPut); code != 405 {
		t.Errorf("PUT /maintenance: %d, want 405", code)
	}
}

var agentStarted = regexp.MustCompile(`Agent check started on port (\d+)`)

// agentPort waits for the agent's start line and returns its port.
func (p *proc) agentPort() int {
	p.t.Helper()
	var port int
	eventually(p.t, 20*time.Second, "the agent check starts", func() bool {
		m := agentStarted.FindStringSubmatch(p.stderr.String())
		if m != nil {
			port, _ = strconv.Atoi(m[1])
		}
		return m != nil
	})
	return port
}

// agentLine reads one agent-check reply.
func agentLine(t *testing.T, addr string) string {
	t.Helper()
	c := tcptest.Dial(t, addr)
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAgentCheckFollowsTheState(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "push.sock")
	p, base := serveOn(t, nil, "--push", "unix:"+sock, "--status", "db", "--agent", "127.0.0.1:0", "--agent-degraded-weight", "20", "--drain-delay", "5m")
	addr := "127.0.0.1:" + strconv.Itoa(p.agentPort())
	c := unixClient(sock)
	steps := []struct{ do, want string }{
		{"", "down ready #db: no status reported yet\n"},
		{"status pass", "up ready 100%\n"},
		{"status warn lagging", "up ready 20%\n"},
		{"status fail connection refused", "down ready #db: connection refused\n"},
		{"maint", "maint\n"},
		{"unmaint", "down ready #db: connection refused\n"},
		{"status pass", "up ready 100%\n"},
		{"term", "up drain\n"},
		{"maint", "maint\n"},
	}
	for _, s := range steps {
		switch verb, arg, _ := strings.Cut(s.do, " "); verb {
		case "status":
			post(t, c, "http://localhost/status/db", arg)
		case "maint":
			post(t, c, "http://localhost/maintenance", "")
		case "unmaint":
			req, _ := http.NewRequest(http.MethodDelete, "http://localhost/maintenance", nil)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		case "term":
			p.signal(syscall.SIGTERM)
		}
		eventually(t, 20*time.Second, "the agent answers "+strconv.Quote(s.want), func() bool { return agentLine(t, addr) == s.want })
	}
	_ = base
	p.signal(syscall.SIGTERM) // the second ends the drain delay
	p.wait(30 * time.Second)
}

// TestAgentUnderAbuse holds 10,000 agent connections that never read (half
// of them with the smallest receive window), then expects a new client to
// be answered at once and the server to hold no more descriptors and little
// more memory than before.
func TestAgentUnderAbuse(t *testing.T) {
	p, _ := serveOn(t, nil, "--agent", "127.0.0.1:0")
	addr := "127.0.0.1:" + strconv.Itoa(p.agentPort())
	if got := agentLine(t, addr); got != "up ready 100%\n" {
		t.Fatalf("reply %q", got)
	}
	pid := p.cmd.Process.Pid
	rssBefore := vmRSS(t, pid)
	idle := tcptest.DialIdle(t, addr, 10000)
	if got := agentLine(t, addr); got != "up ready 100%\n" {
		t.Fatalf("with %d idle connections: reply %q", len(idle), got)
	}
	fds, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	if len(fds) > 64 {
		t.Errorf("the server holds %d descriptors with %d idle agent connections", len(fds), len(idle))
	}
	grew := vmRSS(t, pid) - rssBefore
	t.Logf("resident memory grew by %d KiB with %d idle agent connections", grew, len(idle))
	if grew > 16<<10 {
		t.Errorf("the server's resident memory grew by %d KiB with %d idle agent connections", grew, len(idle))
	}
}

// vmRSS returns a process's resident set size in KiB.
func vmRSS(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// TestLoadBalancerHeadersOnBothTransports checks that --lb-headers envoy
// and --draining-code reach the wire on each transport.
func TestLoadBalancerHeadersOnBothTransports(t *testing.T) {
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			sock := filepath.Join(t.TempDir(), "push.sock")
			p, base := serveOn(t, nil, "--transport", tr, "--push", "unix:"+sock, "--status", "db",
				"--lb-headers", "envoy", "--draining-code", "404")
			c := unixClient(sock)
			head := func(path string) (int, http.Header) {
				resp, err := client.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode, resp.Header
			}
			post(t, c, "http://localhost/status/db", "warn slow")
			eventually(t, 20*time.Second, "x-envoy-degraded", func() bool {
				code, h := head("/readyz")
				return code == 200 && h.Get("x-envoy-degraded") != "" && h.Get("x-envoy-immediate-health-check-fail") == ""
			})
			post(t, c, "http://localhost/maintenance", "")
			eventually(t, 20*time.Second, "404 and x-envoy-immediate-health-check-fail", func() bool {
				code, h := head("/readyz")
				return code == 404 && h.Get("x-envoy-immediate-health-check-fail") != "" && h.Get("x-envoy-degraded") == ""
			})
			if code, h := head("/livez"); code != 200 || h.Get("x-envoy-immediate-health-check-fail") == "" {
				t.Errorf("/livez: %d %v", code, h)
			}
			p.signal(syscall.SIGTERM)
			p.wait(30 * time.Second)
		})
	}
}

// TestAgentPortBusy: the agent falls back through its ports like the health
// server; with none free it carries on without the agent, or exits 2 with
// --strict.
func TestAgentPortBusy(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--agent", "127.0.0.1:"+busy, "--strict")
	if code != 2 || !strings.Contains(stderr, "healthlite serve: --agent 127.0.0.1:"+busy+": healthlite: no free port: tried "+busy+" (in use) (--strict)") {
		t.Errorf("--strict with the agent port busy: exit %d\n%s", code, stderr)
	}
	p, base := serveOn(t, nil, "--agent", "127.0.0.1:"+busy)
	waitStatus(t, base+"/readyz", 200)
	eventually(t, 20*time.Second, "the warning", func() bool {
		return strings.Contains(p.stderr.String(), "WARNING - Serving no agent check; the HTTP endpoints carry on")
	})
}
