package wasm

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// hostile lists the modules that misbehave at run time, with what the
// failed result must say.
var hostile = []struct {
	name string
	want string
}{
	{"loop", "timeout after 20ms"},
	{"grow", "trap: out of bounds memory access"},
	{"recurse", "trap: stack overflow"},
	{"unreachable", "trap: unreachable"},
	{"oob", "healthlite.set_message: message [2147483392, 2147484392) is outside memory (65536 bytes)"},
	{"badmetric", `healthlite.set_metric: name "9 lives{}" is not [a-zA-Z_][a-zA-Z0-9_]*`},
	{"manymetrics", `healthlite.set_metric: "m_q" would be metric 17; a run may set at most 16`},
}

func TestHostileModules(t *testing.T) {
	good := load(t, "status", Options{Config: map[string]string{"status": "0", "message": "fine"}})
	for _, h := range hostile {
		t.Run(h.name, func(t *testing.T) {
			timeout := 10 * time.Second // ample: these end on their own, even under -race
			if h.name == "loop" {
				timeout = 20 * time.Millisecond
			}
			c := load(t, h.name, Options{Name: h.name, Timeout: timeout, MemoryLimitPages: 64})
			for i := 0; i < 2; i++ { // the second run gets a fresh instance
				r := run(c)
				if r.Status != core.StatusFail || r.Message != h.want && !strings.HasPrefix(r.Message, h.want) {
					t.Fatalf("run %d: got %v %q, want fail %q", i, r.Status, r.Message, h.want)
				}
				if len(c.LastMetrics()) != 0 {
					t.Errorf("a failed run published metrics %v", c.LastMetrics())
				}
			}
			if r := run(good); r.Status != core.StatusPass || r.Message != "fine" {
				t.Fatalf("good module after %s: %v %q", h.name, r.Status, r.Message)
			}
		})
	}
}

func TestMemoryCapHolds(t *testing.T) {
	c := load(t, "grow", Options{MemoryLimitPages: 40})
	// Take the pooled instance and put it back, so the run below uses it
	// and the test can look at its memory afterwards.
	inst, err := c.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c.release(inst)
	var r core.Result
	c.Check(context.Background(), &r)
	if r.Status != core.StatusFail || r.Message != "trap: out of bounds memory access" {
		t.Fatalf("got %v %q", r.Status, r.Message)
	}
	// The guest grows 16 pages at a time from 1: 17, 33, then 49 is refused.
	if got := inst.mod.Memory().Size(); got != 33*65536 {
		t.Fatalf("memory grew to %d bytes; want 33 pages, the last step under the cap of 40", got)
	}
}

func TestEndlessLoopStoppedAtDeadline(t *testing.T) {
	c := load(t, "loop", Options{Timeout: 10 * time.Millisecond})
	start := time.Now()
	r := run(c)
	overshoot := time.Since(start) - 10*time.Millisecond
	if r.Status != core.StatusFail || r.Message != "timeout after 10ms" {
		t.Fatalf("got %v %q, want fail \"timeout after 10ms\"", r.Status, r.Message)
	}
	t.Logf("endless loop stopped %v after its 10ms deadline", overshoot)

	// The caller's deadline wins when it is sooner.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	var r2 core.Result
	c.Check(ctx, &r2)
	if r2.Status != core.StatusFail || !strings.HasPrefix(r2.Message, "timeout after ") {
		t.Fatalf("got %v %q", r2.Status, r2.Message)
	}
	// A caller's deadline seen a little into the run still reads as given
	// (TestRoundBudget: how little). The module is loaded first: compiling
	// it under -race on a loaded machine took longer than the rounding of
	// the budget allows; no sleep either, whose oversleep on a loaded
	// machine did (6ms: "140ms").
	c2 := load(t, "loop", Options{Timeout: time.Minute})
	ctx, cancel = context.WithTimeout(context.Background(), 150*time.Millisecond)
	c2.Check(ctx, &r2)
	cancel()
	if r2.Status != core.StatusFail || r2.Message != "timeout after 150ms" {
		t.Fatalf("caller's deadline: got %v %q, want \"timeout after 150ms\"", r2.Status, r2.Message)
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	c.Check(ctx, &r2)
	if r2.Status != core.StatusFail || r2.Message != "canceled" {
		t.Fatalf("canceled context: got %v %q", r2.Status, r2.Message)
	}
}

// TestHostileRunsLeakNothing runs hostile modules 1000 times and checks
// that goroutines and heap come back to where they were.
func TestHostileRunsLeakNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("1000 runs")
	}
	opts := Options{Timeout: time.Millisecond, MemoryLimitPages: 32}
	checks := make([]*Check, 0, len(hostile)+2)
	if hostile[2].name != "recurse" {
		t.Fatal("hostile[2] must be recurse")
	}
	for _, h := range hostile {
		checks = append(checks, load(t, h.name, opts))
	}
	checks = append(checks, load(t, "flood", opts), load(t, "cmdloop", opts))
	good := load(t, "status", Options{Config: map[string]string{"status": "0"}})
	var r core.Result
	for _, c := range checks { // warm up: pools, runtime caches
		c.Check(context.Background(), &r)
	}
	runtime.GC()
	g0 := runtime.NumGoroutine()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	recurse := checks[2] // a stack overflow costs ~0.2s: run it 10 times, not 110
	rest := append(checks[:2:2], checks[3:]...)
	for i := 0; i < 1000; i++ {
		c := rest[i%len(rest)]
		if i%100 == 0 {
			c = recurse
		}
		c.Check(context.Background(), &r)
		if r.Status != core.StatusFail && r.Status != core.StatusWarn {
			t.Fatalf("run %d: got %v %q", i, r.Status, r.Message)
		}
	}
	if good.Check(context.Background(), &r); r.Status != core.StatusPass {
		t.Fatalf("good module after 1000 hostile runs: %v %q", r.Status, r.Message)
	}
	// Goroutines that watched deadlines exit just after their call returns.
	var g1 int
	for i := 0; i < 100; i++ {
		runtime.GC()
		if g1 = runtime.NumGoroutine(); g1 <= g0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if g1 > g0 {
		t.Errorf("goroutines grew from %d to %d across 1000 hostile runs", g0, g1)
	}
	runtime.ReadMemStats(&m1)
	const slack = 64 << 20
	if m1.HeapAlloc > m0.HeapAlloc+slack {
		t.Errorf("heap grew from %d to %d bytes across 1000 hostile runs", m0.HeapAlloc, m1.HeapAlloc)
	}
	t.Logf("goroutines %d -> %d, heap %d -> %d KiB", g0, g1, m0.HeapAlloc>>10, m1.HeapAlloc>>10)
}

// TestLogFloodCapped: a guest logging in a loop reaches the host's logger
// MaxLogLines times a run, then once more with a warning; every run anew.
func TestLogFloodCapped(t *testing.T) {
	var out strings.Builder
	c := load(t, "logflood", Options{Logger: slog.New(slog.NewTextHandler(&out, nil))})
	for i := 0; i < 2; i++ {
		if r := run(c); r.Status != core.StatusPass {
			t.Fatalf("run %d: %v %q", i, r.Status, r.Message)
		}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if got, want := strings.Count(out.String(), `msg=flood`), 2*MaxLogLines; got != want {
		t.Errorf("%d flood lines logged over two runs, want %d", got, want)
	}
	if got := strings.Count(out.String(), "level=WARN msg=\"wasm: the check logs more than 16 lines in one run; the rest of this run's are dropped\""); got != 2 || len(lines) != 2*(MaxLogLines+1) {
		t.Errorf("%d warnings in %d lines, want 2 in %d:\n%s", got, len(lines), 2*(MaxLogLines+1), out.String())
	}
}

// TestRoundBudget: a deadline's budget seen a little into the run reads as
// the caller gave it.
func TestRoundBudget(t *testing.T) {
	for _, tc := range []struct{ seen, want time.Duration }{
		{1999987 * time.Microsecond, 2 * time.Second},
		{149400 * time.Microsecond, 150 * time.Millisecond},
		{29600 * time.Microsecond, 30 * time.Millisecond},
		{4990 * time.Microsecond, 4990 * time.Microsecond},
	} {
		if got := roundBudget(tc.seen); got != tc.want {
			t.Errorf("roundBudget(%v) = %v, want %v", tc.seen, got, tc.want)
		}
	}
}
