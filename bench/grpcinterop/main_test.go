package grpcinterop

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// healthliteBin and probeBin are the healthlite and healthlite-probe
// binaries, built once into buildDir, which holds the other binaries the
// tests build too.
var healthliteBin, probeBin, buildDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "grpcinterop-")
	buildDir = dir
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Built in the root module, with its own go.mod, as users build it.
	healthliteBin = filepath.Join(dir, "healthlite")
	probeBin = filepath.Join(dir, "healthlite-probe")
	build := exec.Command("go", "build", "-o", dir, "./cmd/healthlite", "./cmd/healthlite-probe")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/healthlite ./cmd/healthlite-probe: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is healthlite serving HTTP and gRPC on one loopback port: a
// reporter "db" in the ready group, "cache" in the live one.
type server struct {
	h         *core.Health
	srv       *fasthttp.Server
	addr      string
	db, cache *core.Reporter
	done      chan error
	stop      sync.Once
}

func startHealthlite(t *testing.T, g *grpchealth.Server) *server {
	t.Helper()
	h := core.New(core.Options{})
	db, err := h.Reporter("db", core.GroupReady)
	if err != nil {
		t.Fatal(err)
	}
	cache, err := h.Reporter("cache", core.GroupLive)
	if err != nil {
		t.Fatal(err)
	}
	db.Set(core.StatusPass, "")
	cache.Set(core.StatusPass, "")
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Stop)
	if g == nil {
		g = &grpchealth.Server{}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{h: h, srv: &fasthttp.Server{Health: h, GRPC: g}, addr: ln.Addr().String(), db: db, cache: cache, done: make(chan error, 1)}
	go func() { s.done <- s.srv.Serve(ln) }()
	t.Cleanup(func() { s.shutdown(t) })
	coretest.WaitFor(t, "running", func() bool { return h.Snapshot().Ready() })
	return s
}

// shutdown stops the server, once.
func (s *server) shutdown(t *testing.T) {
	s.stop.Do(func() { s.stopNow(t) })
}

func (s *server) stopNow(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-s.done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// client returns grpc-go's health client for addr.
func client(t *testing.T, addr string) healthpb.HealthClient {
	t.Helper()
	conn, err := grpc.NewClient("passthrough:///"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return healthpb.NewHealthClient(conn)
}

// ctx returns a context with a generous deadline.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
