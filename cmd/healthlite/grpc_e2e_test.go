package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/healthlite/healthlite/internal/exectest"
)

// gRPC health on the serve port, on both transports: probe --grpc answers
// per service, HTTP/1.1 keeps answering on the same port, and a second
// instance's grpc check kind reads the first one.
func TestServeGRPCBothTransports(t *testing.T) {
	for _, tr := range []string{"fasthttp", "loop", "stdlib"} {
		t.Run(tr, func(t *testing.T) {
			p, base := serveOn(t, nil, "--transport", tr, "--flag", "gate=false", "--push", "unix:"+filepath.Join(t.TempDir(), "push"))
			addr := strings.TrimPrefix(base, "http://")
			waitStatus(t, base+"/livez", 200)
			for _, tc := range []struct {
				service string
				code    int
				out     string
			}{
				{"livez", 0, `healthy: grpc://` + addr + ` service "livez" is SERVING`},
				{"readiness", 1, `unhealthy: grpc://` + addr + ` service "readiness" is NOT_SERVING`},
				{"gate", 1, `unhealthy: grpc://` + addr + ` service "gate" is NOT_SERVING`},
				{"nope", 1, `unhealthy: grpc://` + addr + ` service "nope": rpc error: code = NotFound desc = unknown service`},
			} {
				code, stdout, stderr := runBinary(t, nil, "probe", "--grpc", addr, "--service", tc.service)
				if out := strings.TrimSpace(stdout + stderr); code != tc.code || out != tc.out {
					t.Errorf("probe --service %q: exit %d, %q; want %d, %q", tc.service, code, out, tc.code, tc.out)
				}
			}
			waitStatus(t, base+"/readyz", 503)
			other, otherBase := serveOn(t, nil, "--transport", tr, "--check", "up=grpc:"+addr+",service=livez,interval=100ms",
				"--check", "down=grpc:"+addr+",service=readyz,interval=100ms")
			waitStatus(t, otherBase+"/readyz/up", 200)
			waitStatus(t, otherBase+"/readyz/down", 503)
			for _, q := range []*proc{p, other} {
				q.stop()
			}
		})
	}
}

// --grpc=false leaves the HTTP/2 preface to the HTTP server, which refuses it.
func TestServeGRPCOff(t *testing.T) {
	_, base := serveOn(t, nil, "--grpc=false")
	waitStatus(t, base+"/livez", 200)
	code, _, stderr := runBinary(t, nil, "probe", "--grpc", strings.TrimPrefix(base, "http://"))
	if code != 1 || !strings.HasPrefix(stderr, "unhealthy: ") {
		t.Errorf("probe --grpc against --grpc=false: exit %d, %q", code, stderr)
	}
	code, _, stderr = runBinary(t, nil, "serve", "--grpc=false", "--grpc-unavailable")
	if code != 2 || !strings.Contains(stderr, "--grpc-unavailable needs gRPC served") {
		t.Errorf("--grpc=false --grpc-unavailable: exit %d, %q", code, stderr)
	}
}

// Under systemd socket activation gRPC and HTTP share the passed socket.
func TestServeGRPCSocketActivation(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ln.(*net.TCPListener).File()
	ln.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	addr := ln.Addr().String()
	// sh sets LISTEN_PID to its own pid, which exec keeps, as systemd
	// does between fork and exec.
	cmd := exec.Command("/bin/sh", "-c", `LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" serve --ports 1 --addr 192.0.2.1 --grpc-unavailable`, binary(t))
	cmd.Env = baseEnv()
	cmd.ExtraFiles = []*os.File{f}
	stderr := &exectest.Buffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("stderr:\n%s", stderr.String())
		}
	}()
	waitStatus(t, "http://"+addr+"/livez", 200)
	code, stdout, _ := runBinary(t, nil, "probe", "--grpc", addr, "--service", "liveness")
	if code != 0 || !strings.Contains(stdout, "is SERVING") {
		t.Errorf("probe --grpc under socket activation: exit %d, %q", code, stdout)
	}
}
