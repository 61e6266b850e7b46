package transport

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// TestDuplicateProbeStopsWithContext: cancelling Listen's context while it
// asks a busy port that never answers ends the question and the binding at
// once; no further port is asked. The question's own bound is raised to an
// hour, so only the context can end it.
func TestDuplicateProbeStopsWithContext(t *testing.T) {
	old := duplicateTimeout
	duplicateTimeout = time.Hour
	t.Cleanup(func() { duplicateTimeout = old })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var probes atomic.Int64
	var ports []int
	for range 5 {
		_, p, _ := net.SplitHostPort(tcptest.Serve(t, func(net.Conn) {
			probes.Add(1)
			cancel() // the signal arrives during the first question
		}))
		n, _ := strconv.Atoi(p)
		ports = append(ports, n)
	}
	type result struct {
		ln  net.Listener
		err error
	}
	done := make(chan result, 1)
	go func() {
		ln, err := Listen(ctx, Config{Addr: "127.0.0.1", Ports: ports, Logger: slog.New(slog.DiscardHandler)})
		done <- result{ln, err}
	}()
	select {
	case r := <-done:
		if r.ln != nil || !errors.Is(r.err, context.Canceled) {
			t.Fatalf("Listen = %v, %v; want context.Canceled", r.ln, r.err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Listen still asking a busy port 30 s after its context ended")
	}
	if n := probes.Load(); n != 1 {
		t.Fatalf("%d busy ports asked; want 1, the one being asked when the context ended", n)
	}
}
