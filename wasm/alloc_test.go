//go:build !race

package wasm

import (
	"context"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// TestRunAllocations pins the allocations of a steady reactor run. Most
// belong to wazero's deadline enforcement (a goroutine and a channel per
// call) and to the context timer; the loader itself adds one (the context
// value carrying the run state).
func TestRunAllocations(t *testing.T) {
	c := load(t, "status", Options{Config: map[string]string{"status": "0", "message": "steady"}})
	var r core.Result
	c.Check(context.Background(), &r)
	own := testing.AllocsPerRun(200, func() { c.Check(context.Background(), &r) })
	if r.Status != core.StatusPass || r.Message != "steady" {
		t.Fatalf("got %v %q", r.Status, r.Message)
	}
	// The scheduler's context already has the deadline: no second timer.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	parent := testing.AllocsPerRun(200, func() { c.Check(ctx, &r) })
	t.Logf("allocs per run: %v with its own deadline, %v under a caller's deadline", own, parent)
	if own > 10 || parent > 5 {
		t.Fatalf("allocs per run: %v own deadline (want <= 10), %v caller's deadline (want <= 5)", own, parent)
	}
}
