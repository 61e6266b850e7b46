package main

import (
	"bytes"
	"context"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

// server is healthlite's gRPC health server on loopback with a reporter
// "db" in the ready group, failing.
func server(t *testing.T) string {
	t.Helper()
	h := core.New(core.Options{})
	db, err := h.Reporter("db", core.GroupReady)
	if err != nil {
		t.Fatal(err)
	}
	db.Set(core.StatusFail, "down")
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Stop)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &grpchealth.Server{Health: h}
	go g.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		g.Shutdown(ctx)
	})
	return ln.Addr().String()
}

func runIn(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := run(args, &out, &errs)
	return code, out.String(), errs.String()
}

func TestProbeAnswers(t *testing.T) {
	addr := server(t)
	for _, tc := range []struct {
		service string
		code    int
		line    string
	}{
		{"liveness", 0, `healthy: grpc://` + addr + ` service "liveness" is SERVING`},
		{"readiness", 1, `unhealthy: grpc://` + addr + ` service "readiness" is NOT_SERVING`},
		{"nope", 1, `unhealthy: grpc://` + addr + ` service "nope": rpc error: code = NotFound desc = unknown service`},
	} {
		code, stdout, stderr := runIn("--grpc", addr, "--service", tc.service)
		if code != tc.code || strings.TrimSpace(stdout+stderr) != tc.line {
			t.Errorf("%s: exit %d, %q %q; want %d %q", tc.service, code, stdout, stderr, tc.code, tc.line)
		}
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	if code, _, stderr := runIn("--grpc", closed); code != 1 || !strings.Contains(stderr, "refused the connection") {
		t.Errorf("closed port: exit %d, %q", code, stderr)
	}
}

func TestProbeEnvironment(t *testing.T) {
	addr := server(t)
	t.Setenv("HEALTHLITE_PROBE_GRPC", addr)
	t.Setenv("HEALTHLITE_PROBE_SERVICE", "readiness")
	if code, _, stderr := runIn(); code != 1 || !strings.Contains(stderr, `service "readiness" is NOT_SERVING`) {
		t.Errorf("from the environment: exit %d, %q", code, stderr)
	}
	if code, stdout, _ := runIn("--service", "livez"); code != 0 || !strings.Contains(stdout, `"livez" is SERVING`) {
		t.Errorf("a flag wins over the environment: exit %d, %q", code, stdout)
	}
	t.Setenv("HEALTHLITE_PROBE_TIMEOUT", "soon")
	if code, _, stderr := runIn(); code != 1 || !strings.Contains(stderr, `invalid value "soon" for HEALTHLITE_PROBE_TIMEOUT`) {
		t.Errorf("bad timeout in the environment: exit %d, %q", code, stderr)
	}
}

// Bad input exits 1 with one line, never 2 (Docker reserves it); --help exits 0.
func TestProbeUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "--grpc HOST:PORT is required"},
		{[]string{"--nope"}, "flag provided but not defined: -nope"},
		{[]string{"--grpc", "127.0.0.1:1", "extra"}, `unexpected argument "extra"`},
		{[]string{"--grpc", "localhost"}, `--grpc "localhost": want HOST:PORT`},
		{[]string{"--grpc", "127.0.0.1:0"}, `want HOST:PORT`},
		{[]string{"--grpc", "127.0.0.1:1", "--timeout", "0s"}, "--timeout must be more than 0"},
		{[]string{"--grpc", "127.0.0.1:1", "--timeout", "x"}, `invalid value "x" for flag -timeout`},
	} {
		code, stdout, stderr := runIn(tc.args...)
		if code != 1 || stdout != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, %q %q; want 1 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	if code, stdout, _ := runIn("--help"); code != 0 || !strings.Contains(stdout, "HEALTHLITE_PROBE_SERVICE") {
		t.Errorf("--help: exit %d, %q", code, stdout)
	}
}

// The binary links neither healthlite's servers nor the dependencies
// whose package initialisation and size are the start-up cost of the
// healthlite binary: that is what it is for.
func TestProbeLinksOnlyTheClient(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	if !deps["github.com/healthlite/healthlite/internal/healthwire"] {
		t.Fatalf("go list -deps does not list healthwire: %s", out)
	}
	for _, heavy := range []string{"github.com/valyala/fasthttp", "github.com/tetratelabs/wazero", "net/http", "crypto/tls",
		"golang.org/x/net/http2", "github.com/healthlite/healthlite/core", "github.com/healthlite/healthlite/transport",
		"github.com/healthlite/healthlite/transport/grpchealth", "github.com/healthlite/healthlite/checks"} {
		if deps[heavy] {
			t.Errorf("healthlite-probe links %s", heavy)
		}
	}
}
