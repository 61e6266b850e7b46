package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/healthlite/healthlite/bench/internal/runstats"
)

// server is one contestant of the load benchmark.
type server struct {
	Name      string // as shown in the table; also the directory under servers/
	Transport bool   // a healthlite transport: soaked by --soak
	Nginx     bool   // run nginx with nginx/nginx.conf instead of a Go main
	Go        bool   // a Go program that serves runstats on its side port
	GRPCOnly  bool   // answers gRPC health only: ready when Check answers SERVING
	// Binary is the healthlite binary's --transport that serves as this
	// server does, flooded by --soak; "" when the binary has none.
	Binary string
}

// servers lists every contestant in the order of the table.
var servers = []server{
	{Name: "healthlite-fasthttp", Transport: true, Go: true, Binary: "fasthttp"},
	{Name: "healthlite-loop", Transport: true, Go: true, Binary: "loop"},
	{Name: "healthlite-stdlib", Transport: true, Go: true, Binary: "stdlib"},
	{Name: "raw-fasthttp", Go: true},
	{Name: "raw-nethttp", Go: true},
	{Name: "alexliesenfeld-health", Go: true},
	{Name: "nginx", Nginx: true},
}

// selectServers returns the servers named in the comma-separated list (all of
// them when it is empty), or an error naming an unknown one.
func selectServers(list string) ([]server, error) {
	if list == "" {
		return servers, nil
	}
	var out []server
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		found := false
		for _, s := range servers {
			if s.Name == name {
				out, found = append(out, s), true
			}
		}
		if !found {
			var names []string
			for _, s := range servers {
				names = append(names, s.Name)
			}
			return nil, fmt.Errorf("unknown server %q (want one of %s)", name, strings.Join(names, ", "))
		}
	}
	return out, nil
}

// build compiles the Go servers into binDir. benchDir is the bench module's root.
func build(ctx context.Context, benchDir, binDir string, list []server) error {
	for _, s := range list {
		if !s.Go {
			continue
		}
		cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(binDir, s.Name), "./servers/"+s.Name)
		cmd.Dir = benchDir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %w\n%s", s.Name, err, out)
		}
	}
	return nil
}

// running is a started server process.
type running struct {
	srv       server
	cmd       *exec.Cmd
	pid       int
	url       string // http://127.0.0.1:PORT/healthz
	debugAddr string // runstats side port; "" for nginx
	stderr    *lockedBuffer
	exited    chan struct{}
	waitErr   error
}

// lockedBuffer collects a child's stderr while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<20 {
		return len(p), nil
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.TrimSpace(l.b.String())
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// start runs s where place says with GOMAXPROCS=1, and waits until its
// /healthz answers 200.
func start(ctx context.Context, benchDir, binDir string, place placement, s server) (*running, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	r := &running{srv: s, url: fmt.Sprintf("http://127.0.0.1:%d/healthz", port), stderr: &lockedBuffer{}, exited: make(chan struct{})}
	var argv []string
	if s.Nginx {
		prefix, err := nginxPrefix(benchDir, binDir, port)
		if err != nil {
			return nil, err
		}
		argv = []string{"nginx", "-e", "stderr", "-p", prefix, "-c", "nginx.conf"}
	} else {
		dport, err := freePort()
		if err != nil {
			return nil, err
		}
		r.debugAddr = "127.0.0.1:" + strconv.Itoa(dport)
		argv = []string{filepath.Join(binDir, s.Name), "-port", strconv.Itoa(port), "-debug", r.debugAddr}
	}
	// nice and taskset exec the server: the pid is the server's.
	r.cmd = place.command(context.Background(), argv)
	r.cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	r.cmd.Stdout = r.stderr
	r.cmd.Stderr = r.stderr
	if err := r.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: start: %w", s.Name, err)
	}
	r.pid = r.cmd.Process.Pid
	go func() { r.waitErr = r.cmd.Wait(); close(r.exited) }()
	if err := place.started(r.pid); err != nil {
		r.stop()
		return nil, err
	}
	if err := r.waitReady(ctx, 15*time.Second); err != nil {
		r.stop()
		return nil, err
	}
	return r, nil
}

// waitReady polls /healthz (and the side port) until both answer, the process
// exits or the deadline passes.
func (r *running) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	c := http.Client{Timeout: time.Second}
	var last string
	for time.Now().Before(deadline) {
		select {
		case <-r.exited:
			return fmt.Errorf("%s exited before answering (%v): %s", r.srv.Name, r.waitErr, r.stderr.String())
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if r.srv.GRPCOnly {
			if err := grpcReady(ctx, r.url); err != nil {
				last = err.Error()
			} else if _, err := runstats.Read(r.debugAddr); err == nil {
				return nil
			} else {
				last = "side port " + r.debugAddr + " not answering"
			}
			time.Sleep(20 * time.Millisecond)
			continue
		}
		resp, err := c.Get(r.url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if r.debugAddr == "" {
					return nil
				}
				if _, err := runstats.Read(r.debugAddr); err == nil {
					return nil
				}
				last = "side port " + r.debugAddr + " not answering"
			} else {
				last = "status " + strconv.Itoa(resp.StatusCode)
			}
		} else {
			last = err.Error()
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("%s did not answer 200 on %s within %s (last: %s); stderr: %s", r.srv.Name, r.url, limit, last, r.stderr.String())
}

// stop ends the server with SIGTERM (SIGKILL after 5s) and waits for it.
func (r *running) stop() {
	select {
	case <-r.exited:
		return
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(5 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.exited
	}
}

// alive reports an error when the server has exited.
func (r *running) alive() error {
	select {
	case <-r.exited:
		return fmt.Errorf("%s exited during the run (%v): %s", r.srv.Name, r.waitErr, r.stderr.String())
	default:
		return nil
	}
}

// nginxPrefix writes nginx/nginx.conf with the port filled in into a fresh
// prefix directory under binDir and returns the directory.
func nginxPrefix(benchDir, binDir string, port int) (string, error) {
	conf, err := os.ReadFile(filepath.Join(benchDir, "nginx", "nginx.conf"))
	if err != nil {
		return "", err
	}
	if !bytes.Contains(conf, []byte("__PORT__")) {
		return "", errors.New("nginx/nginx.conf has no __PORT__ placeholder")
	}
	prefix, err := os.MkdirTemp(binDir, "nginx-")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(prefix, "tmp"), 0o755); err != nil {
		return "", err
	}
	conf = bytes.ReplaceAll(conf, []byte("__PORT__"), []byte(strconv.Itoa(port)))
	metricsType := nginxMetrics.ContentType
	if metricsType == "" {
		metricsType = "text/plain"
	}
	conf = bytes.ReplaceAll(conf, []byte("__METRICS_TYPE__"), []byte(nginxQuote(metricsType)))
	if err := os.WriteFile(filepath.Join(prefix, "metrics"), []byte(nginxMetrics.Body), 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(prefix, "nginx.conf"), conf, 0o644); err != nil {
		return "", err
	}
	return prefix + "/", nil
}
