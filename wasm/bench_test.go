package wasm

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/tetratelabs/wazero"
)

// BenchmarkReactor compares, in one run, a check through the loader with
// bare wazero calls of the same function: without a deadline (the fastest
// call wazero can make) and with WithCloseOnContextDone and a per-call
// context deadline (the floor for a call that cannot hang). The loader's
// goal is at most 1.2x the deadline floor.
func BenchmarkReactor(b *testing.B) {
	bare := wat(b, "bare")
	ctx := context.Background()

	for _, l := range []struct {
		name, module string
		opts         Options
	}{
		{"loader", "bare", Options{}},
		// config, set_message and two set_metric calls per run.
		{"loader-abi", "status", Options{Config: map[string]string{"status": "0", "message": "all good"}}},
	} {
		b.Run(l.name, func(b *testing.B) {
			c := load(b, l.module, l.opts)
			var r core.Result
			b.ReportAllocs()
			for b.Loop() {
				c.Check(ctx, &r)
			}
			if r.Status != core.StatusPass {
				b.Fatal(r.Status, r.Message)
			}
		})
	}
	for _, mode := range []struct {
		name     string
		deadline bool
	}{{"wazero-bare", false}, {"wazero-deadline-floor", true}} {
		b.Run(mode.name, func(b *testing.B) {
			rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(mode.deadline))
			defer rt.Close(ctx)
			mod, err := rt.Instantiate(ctx, bare)
			if err != nil {
				b.Fatal(err)
			}
			fn := mod.ExportedFunction("check")
			stack := make([]uint64, 1)
			b.ReportAllocs()
			for b.Loop() {
				if mode.deadline {
					cctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
					err = fn.CallWithStack(cctx, stack)
					cancel()
				} else {
					err = fn.CallWithStack(ctx, stack)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("instantiate-per-run", func(b *testing.B) {
		// What pooling avoids: a new instance for every run.
		rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(true))
		defer rt.Close(ctx)
		cm, err := rt.CompileModule(ctx, bare)
		if err != nil {
			b.Fatal(err)
		}
		stack := make([]uint64, 1)
		cfg := wazero.NewModuleConfig().WithName("")
		b.ReportAllocs()
		for b.Loop() {
			cctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
			mod, err := rt.InstantiateModule(cctx, cm, cfg)
			if err != nil {
				b.Fatal(err)
			}
			if err := mod.ExportedFunction("check").CallWithStack(cctx, stack); err != nil {
				b.Fatal(err)
			}
			mod.Close(ctx)
			cancel()
		}
	})
}

// BenchmarkReactorPaired alternates a loader run and a deadline-floor call
// in the same loop, so machine noise hits both alike, and reports their
// mean times and ratio (goal: ratio <= 1.2).
func BenchmarkReactorPaired(b *testing.B) {
	ctx := context.Background()
	c := load(b, "bare", Options{})
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(true))
	defer rt.Close(ctx)
	mod, err := rt.Instantiate(ctx, wat(b, "bare"))
	if err != nil {
		b.Fatal(err)
	}
	fn := mod.ExportedFunction("check")
	stack := make([]uint64, 1)
	floor := func() {
		cctx, cancel := context.WithTimeout(ctx, DefaultTimeout)
		if err := fn.CallWithStack(cctx, stack); err != nil {
			b.Fatal(err)
		}
		cancel()
	}
	var r core.Result
	var loaderT, floorT time.Duration
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		t0 := time.Now()
		if i%2 == 0 {
			c.Check(ctx, &r)
			t1 := time.Now()
			floor()
			loaderT += t1.Sub(t0)
			floorT += time.Since(t1)
		} else {
			floor()
			t1 := time.Now()
			c.Check(ctx, &r)
			floorT += t1.Sub(t0)
			loaderT += time.Since(t1)
		}
	}
	b.ReportMetric(float64(loaderT.Nanoseconds())/float64(b.N), "loader-ns")
	b.ReportMetric(float64(floorT.Nanoseconds())/float64(b.N), "floor-ns")
	b.ReportMetric(float64(loaderT)/float64(floorT), "ratio")
}

// BenchmarkEndlessLoop reports how long after its deadline an endless loop
// is stopped (overshoot-µs), with a 1ms deadline.
func BenchmarkEndlessLoop(b *testing.B) {
	const timeout = time.Millisecond
	c := load(b, "loop", Options{Timeout: timeout})
	var r core.Result
	var over time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		c.Check(context.Background(), &r)
		over += time.Since(start) - timeout
		if r.Status != core.StatusFail {
			b.Fatal(r.Status, r.Message)
		}
	}
	b.ReportMetric(float64(over.Microseconds())/float64(b.N), "overshoot-µs")
}

// BenchmarkGuestLoop reports the cost of deadline instrumentation: the same
// counting loop (1e6 iterations) with and without WithCloseOnContextDone.
func BenchmarkGuestLoop(b *testing.B) {
	mod := wat(b, "count")
	for _, closeOnDone := range []bool{false, true} {
		name := "plain"
		if closeOnDone {
			name = "deadline-instrumented"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(closeOnDone))
			defer rt.Close(ctx)
			m, err := rt.Instantiate(ctx, mod)
			if err != nil {
				b.Fatal(err)
			}
			fn := m.ExportedFunction("count")
			stack := []uint64{1e6}
			for b.Loop() {
				cctx, cancel := context.WithTimeout(ctx, time.Minute)
				stack[0] = 1e6
				if err := fn.CallWithStack(cctx, stack); err != nil {
					b.Fatal(err)
				}
				cancel()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/iteration")
		})
	}
}

// BenchmarkLoad compares loading a 2.6 MB Go guest with a cold and a warm
// on-disk compilation cache.
func BenchmarkLoad(b *testing.B) {
	mod := goNagios(b)
	ctx := context.Background()
	b.Run("cold-cache", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dir, err := os.MkdirTemp(b.TempDir(), "cold")
			if err != nil {
				b.Fatal(err)
			}
			c, err := Load(ctx, mod, Options{CacheDir: dir})
			if err != nil {
				b.Fatal(err)
			}
			c.Close(ctx)
		}
	})
	b.Run("warm-cache", func(b *testing.B) {
		dir := filepath.Join(b.TempDir(), "warm")
		c, err := Load(ctx, mod, Options{CacheDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		c.Close(ctx)
		b.ReportAllocs()
		for b.Loop() {
			c, err := Load(ctx, mod, Options{CacheDir: dir})
			if err != nil {
				b.Fatal(err)
			}
			c.Close(ctx)
		}
	})
}
