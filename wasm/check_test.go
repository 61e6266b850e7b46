package wasm

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

func load(t testing.TB, name string, opts Options) *Check {
	t.Helper()
	c, err := Load(context.Background(), wat(t, name), opts)
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func run(c *Check) core.Result {
	var r core.Result
	c.Check(context.Background(), &r)
	return r
}

func TestReactorStatuses(t *testing.T) {
	for _, tc := range []struct {
		status string
		want   core.Status
		msg    string
	}{
		{"0", core.StatusPass, "all good"},
		{"1", core.StatusWarn, "slow"},
		{"2", core.StatusFail, "down"},
		{"3", core.StatusUnknown, "no idea"},
		{"7", core.StatusUnknown, "odd (check returned 7 is not a status (0 pass, 1 warn, 2 fail, 3 unknown))"},
	} {
		c := load(t, "status", Options{Name: "st", Config: map[string]string{"status": tc.status, "message": strings.SplitN(tc.msg, " (", 2)[0]}})
		r := run(c)
		if r.Status != tc.want || r.Message != tc.msg {
			t.Errorf("status %s: got %v %q, want %v %q", tc.status, r.Status, r.Message, tc.want, tc.msg)
		}
		if !r.HasValue || r.Value != 12.5 {
			t.Errorf("status %s: value %v %v, want the first metric 12.5", tc.status, r.Value, r.HasValue)
		}
	}
}

func TestReactorNoConfigIsUnknownWithoutMessage(t *testing.T) {
	c := load(t, "status", Options{})
	r := run(c)
	if r.Status != core.StatusUnknown || r.Message != "" {
		t.Fatalf("got %v %q, want unknown with no message", r.Status, r.Message)
	}
}

func TestReactorMetricsAndReuse(t *testing.T) {
	c := load(t, "status", Options{Config: map[string]string{"status": "0"}})
	for i := 1; i <= 3; i++ {
		run(c)
		m := c.LastMetrics()
		if len(m) != 2 || m[0] != (Metric{"latency_ms", 12.5}) || m[1] != (Metric{"count", float64(i)}) {
			t.Fatalf("run %d: metrics %v, want latency_ms 12.5 and count %d (the same instance, reused)", i, m, i)
		}
	}
}

func TestReactorInitializeOncePerInstance(t *testing.T) {
	c := load(t, "init", Options{})
	for i := 1; i <= 3; i++ {
		run(c)
		m := c.LastMetrics()
		if len(m) != 2 || m[0].Value != 1 || m[1].Value != float64(i) {
			t.Fatalf("run %d: %v, want inits 1 and runs %d", i, m, i)
		}
	}
}

func TestReactorMessageCappedAndValidUTF8(t *testing.T) {
	long := strings.Repeat("é", 3000) // 6000 bytes
	c := load(t, "status", Options{Config: map[string]string{"status": "0", "message": long}})
	r := run(c)
	if len(r.Message) > MaxMessage || len(r.Message) < MaxMessage-1 || !strings.HasPrefix(long, r.Message) {
		t.Fatalf("message of %d bytes, want %d cut on a rune boundary", len(r.Message), MaxMessage)
	}
	c = load(t, "status", Options{Config: map[string]string{"status": "0", "message": "bad \xff byte"}})
	if r := run(c); r.Message != "bad \uFFFD byte" {
		t.Fatalf("message %q, want invalid UTF-8 replaced", r.Message)
	}
}

func TestReactorWASIClock(t *testing.T) {
	c := load(t, "clock", Options{})
	if r := run(c); r.Status != core.StatusPass {
		t.Fatalf("got %v %q", r.Status, r.Message)
	}
	m := c.LastMetrics()
	if len(m) != 2 || m[0].Value < 0 || m[1].Value < float64(time.Now().Add(-time.Hour).Unix()) {
		t.Fatalf("metrics %v: want a monotonic difference >= 0 and a real wall clock", m)
	}
}

func TestKind(t *testing.T) {
	if k := load(t, "status", Options{}).Kind(); k != Reactor || k.String() != "reactor" {
		t.Errorf("status.wat is %v", k)
	}
	if k := load(t, "command", Options{}).Kind(); k != Command || k.String() != "command" {
		t.Errorf("command.wat is %v", k)
	}
}

func TestConcurrentRuns(t *testing.T) {
	c := load(t, "status", Options{Config: map[string]string{"status": "1", "message": "busy"}})
	trap := load(t, "unreachable", Options{})
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func() {
			for i := 0; i < 50; i++ {
				var r, tr core.Result
				c.Check(context.Background(), &r)
				trap.Check(context.Background(), &tr)
				if r.Status != core.StatusWarn || r.Message != "busy" || tr.Status != core.StatusFail {
					done <- r.Status.String() + " " + r.Message + " / " + tr.Message
					return
				}
			}
			done <- ""
		}()
	}
	for g := 0; g < 8; g++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
	c.mu.Lock()
	idle := len(c.idle)
	c.mu.Unlock()
	if idle > maxIdle {
		t.Errorf("%d idle instances, want at most %d", idle, maxIdle)
	}
}

func TestRunAfterClose(t *testing.T) {
	c := load(t, "status", Options{Config: map[string]string{"status": "0"}})
	c.Close(context.Background())
	if r := run(c); r.Status != core.StatusFail || r.Message != "check is closed" {
		t.Fatalf("got %v %q", r.Status, r.Message)
	}
	cmd := load(t, "command", Options{})
	cmd.Close(context.Background())
	if r := run(cmd); r.Status != core.StatusFail || r.Message != "check is closed" {
		t.Fatalf("command: got %v %q", r.Status, r.Message)
	}
}

func TestOptionsCopiedAtLoad(t *testing.T) {
	config := map[string]string{"status": "0", "message": "before"}
	c := load(t, "status", Options{Config: config})
	config["message"] = "after"
	if r := run(c); r.Message != "before" {
		t.Fatalf("message %q: the check must keep the configuration it was loaded with", r.Message)
	}
}
