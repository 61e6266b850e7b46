package main

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/wasm"
)

// A module that passes the precheck but does not compile (a body that
// leaves a value on the stack of a function returning nothing): once the
// background load fails, every run reports unknown with the reason.
func TestLoadingCheckReportsLoadFailure(t *testing.T) {
	path := reactorModule(t, "invalid", 1, []byte{0, 0x41, 0, 0x0b})
	module, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := wasm.Options{Name: "invalid"}
	if err := wasm.Precheck(module, opts); err != nil {
		t.Fatalf("Precheck: %v", err)
	}
	l := startLoading(context.Background(), module, opts, slog.New(slog.DiscardHandler))
	defer l.Close(context.Background())
	select {
	case <-l.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the load did not end")
	}
	for range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var r core.Result
		l.Check(ctx, &r)
		cancel()
		if r.Status != core.StatusUnknown || !strings.Contains(r.Message, "not a valid WebAssembly module") {
			t.Errorf("got %v %q, want unknown with the compile error", r.Status, r.Message)
		}
	}
}

// Closing while the module loads: runs report "loading" until then, and
// nothing is left open after (the goroutine closes what it compiled).
func TestLoadingCheckClosedWhileLoading(t *testing.T) {
	path := reactorModule(t, "slow", 1, slowBody())
	module, _ := os.ReadFile(path)
	l := startLoading(context.Background(), module, wasm.Options{Name: "slow"}, slog.New(slog.DiscardHandler))
	var r core.Result
	l.Check(context.Background(), &r) // no deadline: does not wait
	if r.Status != core.StatusUnknown || r.Message != "loading" {
		t.Errorf("got %v %q, want unknown \"loading\"", r.Status, r.Message)
	}
	l.Close(context.Background())
	<-l.done
	if c, err := l.state(); c != nil || err != nil {
		t.Errorf("after Close: check %v, error %v; want neither", c, err)
	}
}
