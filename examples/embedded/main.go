// Command embedded runs healthlite's core on a microcontroller: three checks
// (an active CheckFunc, a flag and a heartbeat), a metrics registry of ten
// series and the router answering /health, /readyz?verbose and /metrics. It
// prints the heap in use after setup and after 10,000 routed requests,
// counter updates and heartbeats (each after a collection, with the
// scheduler running and idle), the mallocs made while routing, and whether
// they are within the budget of a board with 64 KiB of RAM; it exits
// non-zero when routing allocates or the heap passes a ceiling. The budget is
// of what healthlite adds to the heap: the figures less the heap in use when
// main starts (TinyGo's main goroutine stack, 2 KiB with -stack-size=2KB).
//
//	../shared/tools/tinygo-embedded run -target=cortex-m-qemu -stack-size=2KB ./examples/embedded
//
// Its flash, measured with -size=short, is under 64 KB (62,528 B; 60,440 B
// with -panic=trap, which stops the board on a panic without printing its
// value):
//
//	../shared/tools/tinygo-embedded build -target=cortex-m-qemu -stack-size=2KB -size=short -o /tmp/e.elf ./examples/embedded
//
// It runs with the Go toolchain too (go run ./examples/embedded), which
// checks no budget: its heap figures are of a 64-bit runtime, and its malloc
// count includes the scheduler's goroutines running in parallel.
package main

import (
	"context"
	"runtime"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
)

// The budget, in bytes of heap healthlite adds (issue 16's goal for a
// board with 64 KiB of RAM), the ceiling the program enforces (today's
// figures and a small margin, so that growth is caught well before the
// budget), and the work between the figures.
const (
	setupBudget  = 16 << 10
	afterBudget  = 20 << 10
	setupCeiling = 13<<10 + 512
	afterCeiling = 14<<10 + 512
	requests     = 10000
)

// device is what the program keeps after setup.
type device struct {
	h        *core.Health
	ready    *core.Flag
	loop     *core.Heartbeat
	counters [10]*metrics.Counter
}

func main() {
	base := heapInUse()
	d := setup()
	d.ready.Set(true)
	setupHeap := heapInUse()
	mallocs, codes, scratch := serve(d)
	afterHeap := heapInUse()
	d.h.Stop()

	println("healthlite embedded: checks=3 series=10 requests=" + strconv.Itoa(requests) +
		" status=" + strconv.Itoa(codes[0]) + "," + strconv.Itoa(codes[1]) + "," + strconv.Itoa(codes[2]) +
		" scratch=" + strconv.Itoa(scratch))
	println("heap-base=" + u(base) + " heap-setup=" + u(setupHeap) + " heap-after=" + u(afterHeap) +
		" route-mallocs=" + u(mallocs))
	if runtime.Compiler != "tinygo" {
		return
	}
	println("heap-setup-net=" + u(setupHeap-base) + " heap-after-net=" + u(afterHeap-base))
	if mallocs != 0 || codes != [3]int{200, 200, 200} || setupHeap-base > setupCeiling || afterHeap-base > afterCeiling {
		println("healthlite embedded: over the ceiling (heap-setup-net <= " + strconv.Itoa(setupCeiling) +
			", heap-after-net <= " + strconv.Itoa(afterCeiling) + ", route-mallocs 0, every status 200)")
		panic("over the ceiling")
	}
	if setupHeap-base <= setupBudget && afterHeap-base <= afterBudget {
		println("healthlite embedded: within budget")
		return
	}
	println("healthlite embedded: within the ceiling, over the budget (heap-setup-net <= " + strconv.Itoa(setupBudget) +
		", heap-after-net <= " + strconv.Itoa(afterBudget) + ")")
}

// setup creates the Health, its checks and the metrics, and starts the
// scheduler.
//
//go:noinline
func setup() *device {
	d := &device{}
	reg := metrics.NewRegistry()
	// OwnMetricsNone: the registry holds the application's ten series only.
	// No history (History -1): the default rings of 32 results and flap
	// detection add 1.6 KiB to both figures (still within the budget). No
	// /status page: set off in this literal, its code is not linked either.
	d.h = core.New(core.Options{Service: "sensor", Metrics: reg, OwnMetrics: core.OwnMetricsNone,
		History: -1, NoStatusPage: true})
	if err := d.h.Register(core.CheckConfig{
		Name:     "sensor",
		Interval: 50 * time.Millisecond,
		Timeout:  20 * time.Millisecond,
		Check: core.CheckFunc(func(_ context.Context, r *core.Result) {
			r.Status, r.Message = core.StatusPass, "ok"
		}),
	}); err != nil {
		fail(err)
	}
	var err error
	if d.ready, err = d.h.Flag("radio_ready", false); err != nil {
		fail(err)
	}
	if d.loop, err = d.h.Heartbeat("main_loop", time.Second); err != nil {
		fail(err)
	}
	for i := range d.counters {
		if d.counters[i], err = reg.NewCounter("sensor_events_total", "Events by channel.", "channel", strconv.Itoa(i)); err != nil {
			fail(err)
		}
	}
	if err := d.h.Start(context.Background()); err != nil {
		fail(err)
	}
	return d
}

// serve routes the requests, with a Request and a Response on the stack for
// each as a transport builds them, one counter update and one heartbeat per
// request, and a pause every 100 for the scheduler. It returns the mallocs
// made inside Route (after the first request of each kind, which grows the
// scratch buffer), the last status of each kind and the scratch size.
//
//go:noinline
func serve(d *device) (mallocs uint64, codes [3]int, scratch int) {
	targets := [...]core.Request{
		{Method: "GET", Path: "/health"},
		{Method: "GET", Path: "/readyz", RawQuery: "verbose", Local: true},
		{Method: "GET", Path: "/metrics"},
	}
	var buf []byte
	var ms runtime.MemStats
	for i := 0; i < requests; i++ {
		t := &targets[i%len(targets)]
		runtime.ReadMemStats(&ms)
		before := ms.Mallocs
		req := core.Request{Method: t.Method, Path: t.Path, RawQuery: t.RawQuery, Local: t.Local}
		resp := core.Response{Scratch: buf}
		d.h.Route(&req, &resp)
		runtime.ReadMemStats(&ms)
		if i >= len(targets) {
			mallocs += ms.Mallocs - before
		}
		buf = resp.Scratch
		codes[i%len(targets)] = resp.Status
		d.counters[i%len(d.counters)].Inc()
		d.loop.Beat()
		if i%100 == 0 {
			time.Sleep(time.Millisecond) // the scheduler runs the check and renders
		}
	}
	return mallocs, codes, cap(buf)
}

// heapInUse returns the bytes of heap in use after a collection, taken
// once the scheduler is idle: a pause first lets a check run or a render in
// progress finish, so the figure does not depend on where the scheduler
// happened to be (a render holds the old snapshot and the new one).
//
//go:noinline
func heapInUse() uint64 {
	time.Sleep(5 * time.Millisecond)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

func u(n uint64) string { return strconv.FormatUint(n, 10) }

// fail reports a setup error and stops.
func fail(err error) {
	println("healthlite embedded: " + err.Error())
	panic(err)
}
