package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// probe exits 0 against a healthy server, 1 against an unhealthy or absent
// one, and never 2; it prints one line saying what it saw.
func TestProbeExitCodes(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "push.sock")
	portFile := filepath.Join(dir, "port")
	p := start(t, nil, "serve", "--ports", "0", "--port-file", portFile, "--push", "unix:"+sock, "--flag", "bot_ready=false")
	port := strconv.Itoa(p.waitPort(portFile))
	base := "http://127.0.0.1:" + port

	// Unhealthy: /health and /readyz answer 503.
	waitStatus(t, base+"/health", 503)
	for _, args := range [][]string{
		{"probe", "--port-file", portFile},
		{"probe", "--ports", port, "--path", "/readyz"},
		{"probe", "--url", base + "/health"},
	} {
		code, stdout, stderr := runBinary(t, nil, args...)
		if code != 1 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "503") {
			t.Errorf("%q against an unhealthy server: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}

	// Healthy.
	post(t, unixClient(sock), "http://push/flags/bot_ready", "true")
	waitStatus(t, base+"/health", 200)
	closed := strconv.Itoa(tcptest.FreePort(t))
	for _, args := range [][]string{
		{"probe", "--port-file", portFile},
		{"probe", "--ports", closed + "," + port, "--path", "/readyz"}, // tries the ports in order
		{"probe", "--url", base + "/livez"},
	} {
		code, stdout, stderr := runBinary(t, nil, args...)
		if code != 0 || strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, "healthy: ") || !strings.Contains(stdout, "200") {
			t.Errorf("%q against a healthy server: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	// Environment configures probe as it does serve.
	if code, _, stderr := runBinary(t, []string{"HEALTH_SERVER_PORTS=" + closed + "," + port}, "probe"); code != 0 {
		t.Errorf("probe with HEALTH_SERVER_PORTS: exit %d, %s", code, stderr)
	}

	p.stop()
	// Absent: the port is closed and the port file is gone.
	for _, args := range [][]string{{"probe", "--ports", port}, {"probe", "--port-file", portFile}} {
		code, _, stderr := runBinary(t, nil, args...)
		if code != 1 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q against an absent server: exit %d, stderr %q", args, code, stderr)
		}
	}
	code, _, stderr := runBinary(t, nil, "probe", "--ports", port)
	if code != 1 || !strings.Contains(stderr, "refused the connection") {
		t.Errorf("probe of a closed port: exit %d, %q", code, stderr)
	}
}

// A server that accepts but never answers costs the probe its timeout, no more.
func TestProbeTimeout(t *testing.T) {
	_, port, _ := net.SplitHostPort(tcptest.Serve(t, tcptest.Hold))
	code, _, stderr := runBinary(t, nil, "probe", "--ports", port, "--timeout", "200ms")
	if code != 1 || !strings.Contains(stderr, "did not answer in time") {
		t.Errorf("probe of a silent server: exit %d, %q", code, stderr)
	}
}

// probe reads only the status line, so any HTTP server works, and a non-HTTP
// answer is reported as such.
func TestProbeAgainstOtherServers(t *testing.T) {
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ready" || r.Method != "GET" {
			w.WriteHeader(404)
		}
	}))
	defer web.Close()
	if code, stdout, _ := runBinary(t, nil, "probe", "--url", web.URL+"/ready"); code != 0 || !strings.Contains(stdout, "200 OK") {
		t.Errorf("probe --url %s/ready: exit %d, %q", web.URL, code, stdout)
	}
	if code, _, stderr := runBinary(t, nil, "probe", "--url", web.URL+"/other"); code != 1 || !strings.Contains(stderr, "404 Not Found") {
		t.Errorf("probe --url %s/other: exit %d, %q", web.URL, code, stderr)
	}

	_, port, _ := net.SplitHostPort(tcptest.Serve(t, func(c net.Conn) {
		c.Write([]byte("SSH-2.0-OpenSSH_9.2\r\n"))
		c.Close()
	}))
	if code, _, stderr := runBinary(t, nil, "probe", "--ports", port); code != 1 || !strings.Contains(stderr, "not HTTP") {
		t.Errorf("probe of an SSH server: exit %d, %q", code, stderr)
	}
}

// A server's reason phrase with terminal escapes is printed as visible text.
func TestProbeEscapesReason(t *testing.T) {
	for _, tc := range []struct {
		status string
		exit   int
	}{{"200", 0}, {"503", 1}} {
		_, port, _ := net.SplitHostPort(tcptest.Serve(t, func(c net.Conn) {
			c.Write([]byte("HTTP/1.1 " + tc.status + " OK\x1b]0;pwned\x07\x1b[2J\r\nContent-Length: 0\r\n\r\n"))
			c.Close()
		}))
		code, stdout, stderr := runBinary(t, nil, "probe", "--ports", port)
		out := stdout + stderr
		if code != tc.exit || strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `OK\x1b]0;pwned\x07\x1b[2J`) {
			t.Errorf("status %s: exit %d, stdout %q, stderr %q", tc.status, code, stdout, stderr)
		}
	}
}
