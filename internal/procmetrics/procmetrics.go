package procmetrics

import (
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

// Sampler sets the process and Go runtime metrics it registered from their
// current values each time it samples.
//
// Every value is a metrics.Sampled (or SampledSummary), set in one
// Registry.Batch: the registry renders them together every few seconds, so
// that a scrape copies one block rather than formatting some forty floats.
type Sampler struct {
	mu     sync.Mutex // one Sample at a time
	reg    *metrics.Registry
	ms     runtime.MemStats
	gc     debug.GCStats
	proc   procStat
	cpu    *metrics.Sampled
	gauge  [len(gauges)]*metrics.Sampled
	mem    [len(memGauges)]*metrics.Sampled
	count  [len(memCounters)]*metrics.Sampled
	set    [len(settings)]*metrics.Sampled
	setv   [len(settings)]rtmetrics.Sample // read by rtmetrics.Read
	allocs *metrics.Sampled                // go_memstats_alloc_bytes_total
	pause  *metrics.SampledSummary         // go_gc_duration_seconds
	pq     [5]time.Duration                // its quantiles, read by ReadGCStats
	pv     [5]float64
}

// The gauges' indexes in gauges and Sampler.gauge.
const (
	openFDsGauge = iota
	maxFDsGauge
	virtualGauge
	virtualMaxGauge
	residentGauge
	goroutinesGauge
	threadsGauge
	lastGCGauge
)

// The help texts are client_golang's (v1.25), word for word, so that a
// family reads the same as in any Go service's /metrics; the test in
// bench/metricsconf holds them to it.

// gauges are the process and Go gauges Register adds besides the memory
// statistics.
var gauges = [...]struct{ name, help string }{
	{"process_open_fds", "Number of open file descriptors."},
	{"process_max_fds", "Maximum number of open file descriptors."},
	{"process_virtual_memory_bytes", "Virtual memory size in bytes."},
	{"process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes."},
	{"process_resident_memory_bytes", "Resident memory size in bytes."},
	{"go_goroutines", "Number of goroutines that currently exist."},
	{"go_threads", "Number of OS threads created."},
	{"go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection."},
}

// memGauges are the go_memstats_* gauges: runtime.MemStats fields.
var memGauges = [...]struct {
	name, help string
	value      func(*runtime.MemStats) uint64
}{
	{"go_memstats_alloc_bytes", "Number of bytes allocated in heap and currently in use. Equals to /memory/classes/heap/objects:bytes.", func(m *runtime.MemStats) uint64 { return m.Alloc }},
	{"go_memstats_buck_hash_sys_bytes", "Number of bytes used by the profiling bucket hash table. Equals to /memory/classes/profiling/buckets:bytes.", func(m *runtime.MemStats) uint64 { return m.BuckHashSys }},
	{"go_memstats_gc_sys_bytes", "Number of bytes used for garbage collection system metadata. Equals to /memory/classes/metadata/other:bytes.", func(m *runtime.MemStats) uint64 { return m.GCSys }},
	{"go_memstats_heap_alloc_bytes", "Number of heap bytes allocated and currently in use, same as go_memstats_alloc_bytes. Equals to /memory/classes/heap/objects:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapAlloc }},
	{"go_memstats_heap_idle_bytes", "Number of heap bytes waiting to be used. Equals to /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapIdle }},
	{"go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes", func(m *runtime.MemStats) uint64 { return m.HeapInuse }},
	{"go_memstats_heap_objects", "Number of currently allocated objects. Equals to /gc/heap/objects:objects.", func(m *runtime.MemStats) uint64 { return m.HeapObjects }},
	{"go_memstats_heap_released_bytes", "Number of heap bytes released to OS. Equals to /memory/classes/heap/released:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapReleased }},
	{"go_memstats_heap_sys_bytes", "Number of heap bytes obtained from system. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes + /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapSys }},
	{"go_memstats_mcache_inuse_bytes", "Number of bytes in use by mcache structures. Equals to /memory/classes/metadata/mcache/inuse:bytes.", func(m *runtime.MemStats) uint64 { return m.MCacheInuse }},
	{"go_memstats_mcache_sys_bytes", "Number of bytes used for mcache structures obtained from system. Equals to /memory/classes/metadata/mcache/inuse:bytes + /memory/classes/metadata/mcache/free:bytes.", func(m *runtime.MemStats) uint64 { return m.MCacheSys }},
	{"go_memstats_mspan_inuse_bytes", "Number of bytes in use by mspan structures. Equals to /memory/classes/metadata/mspan/inuse:bytes.", func(m *runtime.MemStats) uint64 { return m.MSpanInuse }},
	{"go_memstats_mspan_sys_bytes", "Number of bytes used for mspan structures obtained from system. Equals to /memory/classes/metadata/mspan/inuse:bytes + /memory/classes/metadata/mspan/free:bytes.", func(m *runtime.MemStats) uint64 { return m.MSpanSys }},
	{"go_memstats_next_gc_bytes", "Number of heap bytes when next garbage collection will take place. Equals to /gc/heap/goal:bytes.", func(m *runtime.MemStats) uint64 { return m.NextGC }},
	{"go_memstats_other_sys_bytes", "Number of bytes used for other system allocations. Equals to /memory/classes/other:bytes.", func(m *runtime.MemStats) uint64 { return m.OtherSys }},
	{"go_memstats_stack_inuse_bytes", "Number of bytes obtained from system for stack allocator in non-CGO environments. Equals to /memory/classes/heap/stacks:bytes.", func(m *runtime.MemStats) uint64 { return m.StackInuse }},
	{"go_memstats_stack_sys_bytes", "Number of bytes obtained from system for stack allocator. Equals to /memory/classes/heap/stacks:bytes + /memory/classes/os-stacks:bytes.", func(m *runtime.MemStats) uint64 { return m.StackSys }},
	{"go_memstats_sys_bytes", "Number of bytes obtained from system. Equals to /memory/classes/total:byte.", func(m *runtime.MemStats) uint64 { return m.Sys }},
}

// memCounters are the go_memstats_* counters but
// go_memstats_alloc_bytes_total: runtime.MemStats fields.
var memCounters = [...]struct {
	name, help string
	value      func(*runtime.MemStats) uint64
}{
	{"go_memstats_mallocs_total", "Total number of heap objects allocated, both live and gc-ed. Semantically a counter version for go_memstats_heap_objects gauge. Equals to /gc/heap/allocs:objects + /gc/heap/tiny/allocs:objects.", func(m *runtime.MemStats) uint64 { return m.Mallocs }},
	{"go_memstats_frees_total", "Total number of heap objects frees. Equals to /gc/heap/frees:objects + /gc/heap/tiny/allocs:objects.", func(m *runtime.MemStats) uint64 { return m.Frees }},
}

// settings are the gauges client_golang reads from runtime/metrics: the
// runtime's settings, which a program or its environment may change.
var settings = [...]struct{ name, help, key string }{
	{"go_gc_gogc_percent", "Heap size target percentage configured by the user, otherwise 100. This value is set by the GOGC environment variable, and the runtime/debug.SetGCPercent function. Sourced from /gc/gogc:percent.", "/gc/gogc:percent"},
	{"go_gc_gomemlimit_bytes", "Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function. Sourced from /gc/gomemlimit:bytes.", "/gc/gomemlimit:bytes"},
	{"go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously. Sourced from /sched/gomaxprocs:threads.", "/sched/gomaxprocs:threads"},
}

// Register adds the metrics to reg and returns their sampler, which has
// sampled once. process_start_time_seconds is not among them: healthlite's
// core registers it.
func Register(reg *metrics.Registry) (*Sampler, error) {
	s := &Sampler{reg: reg}
	var err error
	if s.cpu, err = reg.NewSampledCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds."); err != nil {
		return nil, err
	}
	for i, g := range gauges {
		if s.gauge[i], err = reg.NewSampledGauge(g.name, g.help); err != nil {
			return nil, err
		}
	}
	for i, g := range memGauges {
		if s.mem[i], err = reg.NewSampledGauge(g.name, g.help); err != nil {
			return nil, err
		}
	}
	for i, g := range settings {
		if s.set[i], err = reg.NewSampledGauge(g.name, g.help); err != nil {
			return nil, err
		}
		s.setv[i].Name = g.key
	}
	for i, c := range memCounters {
		if s.count[i], err = reg.NewSampledCounter(c.name, c.help); err != nil {
			return nil, err
		}
	}
	// Its name less "_total" is the gauge go_memstats_alloc_bytes, so
	// OpenMetrics output calls it unknown (see
	// NewSampledCounterUnknownInOpenMetrics).
	if s.allocs, err = reg.NewSampledCounterUnknownInOpenMetrics("go_memstats_alloc_bytes_total", "Total number of bytes allocated in heap until now, even if released already. Equals to /gc/heap/allocs:bytes."); err != nil {
		return nil, err
	}
	// client_golang's quantiles of the recent stop-the-world pause times.
	if s.pause, err = reg.NewSampledSummary("go_gc_duration_seconds", "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.", []float64{0, 0.25, 0.5, 0.75, 1}); err != nil {
		return nil, err
	}
	// Sampled like the others, so that the go_* families are one block.
	info, err := reg.NewSampledGauge("go_info", "Information about the Go environment.", "version", runtime.Version())
	if err != nil {
		return nil, err
	}
	info.Set(1)
	s.Sample()
	return s, nil
}

// Run samples every interval until stop is closed.
func (s *Sampler) Run(stop <-chan struct{}, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.Sample()
		}
	}
}

// Sample reads the current values and sets the metrics, which the registry
// renders once, together (a Batch). Values the system does not provide (no
// /proc) are left as they were.
func (s *Sampler) Sample() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reg.Batch(s.sample)
}

func (s *Sampler) sample() {
	if s.proc.read() {
		setCounter(s.cpu, s.proc.cpuSeconds)
		s.gauge[virtualGauge].Set(s.proc.virtualBytes)
		s.gauge[residentGauge].Set(s.proc.residentBytes)
	}
	if n, ok := openFDs(); ok {
		s.gauge[openFDsGauge].Set(float64(n))
	}
	if n, ok := maxFDs(); ok {
		s.gauge[maxFDsGauge].Set(n)
	}
	if n, ok := maxVirtualMemory(); ok {
		s.gauge[virtualMaxGauge].Set(n)
	}
	s.gauge[goroutinesGauge].Set(float64(runtime.NumGoroutine()))
	s.gauge[threadsGauge].Set(float64(threads.Count()))

	runtime.ReadMemStats(&s.ms)
	for i, g := range memGauges {
		s.mem[i].Set(float64(g.value(&s.ms)))
	}
	for i, c := range memCounters {
		setCounter(s.count[i], float64(c.value(&s.ms)))
	}
	setCounter(s.allocs, float64(s.ms.TotalAlloc))
	s.gauge[lastGCGauge].Set(float64(s.ms.LastGC) / 1e9)

	rtmetrics.Read(s.setv[:])
	for i, v := range s.setv {
		if v.Value.Kind() == rtmetrics.KindUint64 {
			s.set[i].Set(float64(v.Value.Uint64()))
		}
	}

	s.gc.PauseQuantiles = s.pq[:]
	debug.ReadGCStats(&s.gc)
	for i, d := range s.gc.PauseQuantiles {
		s.pv[i] = d.Seconds()
	}
	s.pause.Set(s.pv[:], s.gc.PauseTotal.Seconds(), uint64(s.gc.NumGC))
}

// threads counts the OS threads the runtime created, as client_golang does.
var threads = pprof.Lookup("threadcreate")

// setCounter raises c to v (a counter only goes up).
func setCounter(c *metrics.Sampled, v float64) {
	if v > c.Value() {
		c.Set(v)
	}
}
