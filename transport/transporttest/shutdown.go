package transporttest

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// testGracefulShutdown holds a request in flight in a custom endpoint,
// starts Shutdown, and checks that the listener closes at once, that
// Shutdown waits for the request, that the request gets its whole answer,
// that an idle kept-alive connection is closed, and that Serve returns nil.
func testGracefulShutdown(t *testing.T, newServer serverFor) {
	h, entered, release := blockingHealth()
	ln, err := transport.Listen(context.Background(), transport.Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	srv := newServer(h)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	idle := dial(t, addr)
	if a, ok := idle.do(t, get("/healthz")); !ok || a.StatusCode != 200 {
		t.Fatal("the idle connection's first request failed")
	}
	busy := dial(t, addr)
	busy.send(t, get("/block"))
	wait(t, entered, "the blocking request to reach its handler")

	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		shut <- srv.Shutdown(ctx)
	}()
	// Once new connections are refused, Shutdown is under way.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener still accepts 10s after Shutdown began")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned (%v) while a request was in flight", err)
	default:
	}
	close(release)
	readReleased(t, busy)
	if err := waitErr(t, shut, "Shutdown to return"); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := waitErr(t, served, "Serve to return"); err != nil {
		t.Fatalf("Serve returned %v after Shutdown, want nil", err)
	}
	if _, err := idle.br.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("the idle connection is still open after Shutdown: %v", err)
	}
}

// testShutdownDeadline holds a request in flight and calls Shutdown with a
// context that is already done: Shutdown returns the context's error instead
// of waiting, and the request still gets its answer.
func testShutdownDeadline(t *testing.T, newServer serverFor) {
	h, entered, release := blockingHealth()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(h)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	busy := dial(t, ln.Addr().String())
	busy.send(t, get("/block"))
	wait(t, entered, "the blocking request to reach its handler")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := srv.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		close(release)
		t.Fatalf("Shutdown with a done context and a request in flight = %v, want context.Canceled", err)
	}
	close(release)
	readReleased(t, busy)
	if err := waitErr(t, served, "Serve to return"); err != nil {
		t.Fatalf("Serve returned %v after Shutdown, want nil", err)
	}
}

// testShutdownBeforeServe checks that Serve returns nil at once, closing its
// listener, when Shutdown came first.
func testShutdownBeforeServe(t *testing.T, newServer serverFor) {
	srv := newServer(core.New(core.Options{}))
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown before Serve: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if err := waitErr(t, served, "Serve after Shutdown to return"); err != nil {
		t.Fatalf("Serve after Shutdown = %v, want nil", err)
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Fatal("Serve after Shutdown left its listener open")
	}
}

// blockingHealth returns a Health with an endpoint /block whose handler
// closes entered, waits until release is closed, then answers "released\n":
// a request held in flight for the shutdown tests.
func blockingHealth() (h *core.Health, entered, release chan struct{}) {
	h = core.New(core.Options{})
	entered, release = make(chan struct{}), make(chan struct{})
	h.Handle("/block", func(req *core.Request, resp *core.Response) {
		close(entered)
		<-release
		resp.ContentType = "text/plain; charset=utf-8"
		resp.Body = append(resp.Scratch[:0], "released\n"...)
		resp.Scratch = resp.Body
	})
	return h, entered, release
}

// readReleased reads the answer to the request held by blockingHealth and
// checks that it arrived whole.
func readReleased(t *testing.T, busy *conn) {
	t.Helper()
	if a, ok := busy.read(t, "GET"); !ok || a.StatusCode != 200 || string(a.body) != "released\n" {
		t.Fatalf("the request in flight got %v %q, want 200 \"released\\n\"", a.Response, a.body)
	}
}

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func waitErr(t *testing.T, ch <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		return nil
	}
}
