package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/exectest"
)

// The black-box tests build the binary once and run it as a user would:
// real processes, ports, files and signals.

var (
	buildFlags   []string // extra "go build" flags; race_test.go adds -race
	buildOnce    sync.Once
	buildPath    string
	buildCleanup func()
	buildErr     error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildCleanup != nil {
		buildCleanup()
	}
	os.Exit(code)
}

// binary returns the path of the healthlite binary built from this package.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("black-box test: builds and runs the binary (skipped with -short)")
	}
	buildOnce.Do(func() { buildPath, buildCleanup, buildErr = exectest.Build(".", buildFlags...) })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// proc is a running healthlite.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdout *exectest.File
	stderr *exectest.File
	done   chan struct{}
	code   int
}

// baseEnv is the environment of test processes: the test's own, without
// anything that configures healthlite or systemd.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "HEALTHLITE_") || strings.HasPrefix(k, "HEALTH_") || k == "ENVIRONMENT" ||
			k == "NOTIFY_SOCKET" || strings.HasPrefix(k, "WATCHDOG_") || strings.HasPrefix(k, "LISTEN_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// start runs the binary with args and extra environment variables ("K=V").
func start(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(baseEnv(), env...)
	return startCmd(t, cmd)
}

// startCmd starts cmd, which runs the binary (directly or through a shell
// that sets something up first), as a proc: its output goes to the proc's
// buffers unless cmd already sends it elsewhere, and it is killed, if
// still running, when the test ends.
func startCmd(t *testing.T, cmd *exec.Cmd) *proc {
	t.Helper()
	p := &proc{t: t, cmd: cmd, stdout: exectest.NewFile(t, "stdout"), stderr: exectest.NewFile(t, "stderr"), done: make(chan struct{})}
	if cmd.Stdout == nil {
		cmd.Stdout = p.stdout.OS()
	}
	if cmd.Stderr == nil {
		cmd.Stderr = p.stderr.OS()
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		cmd.Wait()
		p.code = cmd.ProcessState.ExitCode() // -1 when killed by a signal
		close(p.done)
	}()
	t.Cleanup(func() {
		if !p.exited() {
			cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("%s\nstderr:\n%s", strings.Join(cmd.Args, " "), p.stderr.String())
		}
	})
	return p
}

// runBinary runs the binary to completion and returns its exit status and output.
func runBinary(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	p := start(t, env, args...)
	return p.wait(30 * time.Second), p.stdout.String(), p.stderr.String()
}

func (p *proc) signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
}

// stop sends SIGTERM and fails the test unless the process exits with
// status 0 within 20 seconds.
func (p *proc) stop() {
	p.t.Helper()
	p.signal(syscall.SIGTERM)
	if code := p.wait(20 * time.Second); code != 0 {
		p.t.Errorf("exit %d after SIGTERM, want 0", code)
	}
}

// wait waits for the process to exit and returns its exit status.
func (p *proc) wait(timeout time.Duration) int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(timeout):
		p.t.Fatalf("healthlite did not exit within %v; stderr:\n%s", timeout, p.stderr.String())
		return -1
	}
}

// exited reports whether the process has exited.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// eventually is coretest.WaitUntil, under the name this package's tests have
// always called it by.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	coretest.WaitUntil(t, timeout, what, cond)
}

// waitFile waits for the file the process writes at path (a port file, a
// push port file) and returns what it holds, trimmed; what names it in
// failures.
func (p *proc) waitFile(path, what string) string {
	p.t.Helper()
	var s string
	eventually(p.t, 20*time.Second, what+" "+path+" is written", func() bool {
		if p.exited() {
			p.t.Fatalf("healthlite exited with %d before writing its %s; stderr:\n%s", p.code, what, p.stderr.String())
		}
		b, err := os.ReadFile(path)
		s = strings.TrimSpace(string(b))
		return err == nil
	})
	return s
}

// waitPort waits for the port file the process writes and returns the port.
func (p *proc) waitPort(portFile string) int {
	p.t.Helper()
	s := p.waitFile(portFile, "port file")
	port, err := strconv.Atoi(s)
	if err != nil {
		p.t.Fatalf("port file holds %q", s)
	}
	return port
}

// serveOn starts "healthlite serve" on a free port with args and returns the
// process and its base URL.
func serveOn(t *testing.T, env []string, args ...string) (*proc, string) {
	t.Helper()
	portFile := filepath.Join(t.TempDir(), "port")
	p := start(t, env, append([]string{"serve", "--ports", "0", "--port-file", portFile}, args...)...)
	port := p.waitPort(portFile)
	return p, "http://127.0.0.1:" + strconv.Itoa(port)
}

var client = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil}}

// get returns the status code and body of GET url (0 when it cannot connect).
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitStatus polls url until it answers want.
func waitStatus(t *testing.T, url string, want int) {
	t.Helper()
	var code int
	var body string
	deadline := time.Now().Add(20 * time.Second)
	for {
		if code, body = get(t, url); code == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: %d %q; want %d", url, code, body, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// healthDoc is the part of /health the tests read.
type healthDoc struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
	Env    string            `json:"environment"`
	Raw    map[string]any    `json:"-"`
}

func health(t *testing.T, base string) (int, healthDoc) {
	t.Helper()
	code, body := get(t, base+"/health")
	var doc healthDoc
	if code != 0 {
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("/health is not JSON: %v: %q", err, body)
		}
		json.Unmarshal([]byte(body), &doc.Raw)
	}
	return code, doc
}

// post sends a push API request over client c.
func post(t *testing.T, c *http.Client, url, body string) (int, string) {
	t.Helper()
	resp, err := c.Post(url, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// unixClient returns an HTTP client that talks to the unix socket path.
func unixClient(path string) *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DisableKeepAlives: true,
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}
}
