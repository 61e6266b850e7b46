package procmetrics

import (
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core/metrics"
)

// Sampler sets the process and Go runtime metrics it registered from their
// current values each time it samples.
//
// Every value is a metrics.Sampled (or SampledSummary): rendered when it is
// set, every few seconds, so that a scrape copies bytes rather than
// formatting some thirty floats.
type Sampler struct {
	mu    sync.Mutex // one Sample at a time
	ms    runtime.MemStats
	gc    debug.GCStats
	proc  procStat
	cpu   *metrics.Sampled
	count map[string]*metrics.Sampled // go_memstats_*_total, by name
	gauge map[string]*metrics.Sampled // the gauges, by name
	pause *metrics.SampledSummary     // go_gc_duration_seconds
	pq    [5]time.Duration            // its quantiles, read by ReadGCStats
	pv    [5]float64
}

// gauges are the gauges Register adds: client_golang's names, with shorter
// help texts (a scrape's cost grows with its bytes).
var gauges = [...]struct{ name, help string }{
	{"process_open_fds", "Number of open file descriptors."},
	{"process_max_fds", "Maximum number of open file descriptors."},
	{"process_virtual_memory_bytes", "Virtual memory size in bytes."},
	{"process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes."},
	{"process_resident_memory_bytes", "Resident memory size in bytes."},
	{"go_goroutines", "Number of goroutines that currently exist."},
	{"go_threads", "Number of OS threads created."},
	{"go_memstats_alloc_bytes", "Heap bytes allocated and in use."},
	{"go_memstats_sys_bytes", "Bytes obtained from the system."},
	{"go_memstats_heap_alloc_bytes", "Heap bytes allocated and in use."},
	{"go_memstats_heap_sys_bytes", "Heap bytes obtained from the system."},
	{"go_memstats_heap_idle_bytes", "Heap bytes waiting to be used."},
	{"go_memstats_heap_inuse_bytes", "Heap bytes in use."},
	{"go_memstats_heap_released_bytes", "Heap bytes released to the system."},
	{"go_memstats_heap_objects", "Allocated heap objects."},
	{"go_memstats_stack_inuse_bytes", "Stack bytes in use."},
	{"go_memstats_stack_sys_bytes", "Stack bytes obtained from the system."},
	{"go_memstats_gc_sys_bytes", "Bytes of garbage collection metadata."},
	{"go_memstats_next_gc_bytes", "Heap size at which the next collection runs."},
	{"go_memstats_last_gc_time_seconds", "Time of the last collection since the Unix epoch in seconds."},
}

// counters are the counters Register adds besides process_cpu_seconds_total
// and go_memstats_alloc_bytes_total.
var counters = [...]struct{ name, help string }{
	{"go_memstats_mallocs_total", "Heap objects allocated."},
	{"go_memstats_frees_total", "Heap objects freed."},
}

// Register adds the metrics to reg and returns their sampler, which has
// sampled once. process_start_time_seconds is not among them: healthlite's
// core registers it.
func Register(reg *metrics.Registry) (*Sampler, error) {
	s := &Sampler{count: map[string]*metrics.Sampled{}, gauge: map[string]*metrics.Sampled{}}
	var err error
	if s.cpu, err = reg.NewSampledCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds."); err != nil {
		return nil, err
	}
	for _, g := range gauges {
		if s.gauge[g.name], err = reg.NewSampledGauge(g.name, g.help); err != nil {
			return nil, err
		}
	}
	for _, c := range counters {
		if s.count[c.name], err = reg.NewSampledCounter(c.name, c.help); err != nil {
			return nil, err
		}
	}
	// Its name less "_total" is the gauge go_memstats_alloc_bytes: OpenMetrics
	// cannot hold both (see NewSampledCounterNotInOpenMetrics).
	const allocTotal = "go_memstats_alloc_bytes_total"
	if s.count[allocTotal], err = reg.NewSampledCounterNotInOpenMetrics(allocTotal, "Heap bytes allocated, even if freed."); err != nil {
		return nil, err
	}
	// client_golang's quantiles of the recent stop-the-world pause times.
	if s.pause, err = reg.NewSampledSummary("go_gc_duration_seconds", "Stop-the-world pause times of garbage collection in seconds.", []float64{0, 0.25, 0.5, 0.75, 1}); err != nil {
		return nil, err
	}
	info, err := reg.NewGauge("go_info", "Information about the Go environment.", "version", runtime.Version())
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

// Sample reads the current values and sets the metrics. Values the system
// does not provide (no /proc) are left as they were.
func (s *Sampler) Sample() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc.read() {
		setCounter(s.cpu, s.proc.cpuSeconds)
		s.gauge["process_virtual_memory_bytes"].Set(s.proc.virtualBytes)
		s.gauge["process_resident_memory_bytes"].Set(s.proc.residentBytes)
	}
	if n, ok := openFDs(); ok {
		s.gauge["process_open_fds"].Set(float64(n))
	}
	if n, ok := maxFDs(); ok {
		s.gauge["process_max_fds"].Set(n)
	}
	if n, ok := maxVirtualMemory(); ok {
		s.gauge["process_virtual_memory_max_bytes"].Set(n)
	}
	s.gauge["go_goroutines"].Set(float64(runtime.NumGoroutine()))
	s.gauge["go_threads"].Set(float64(threads.Count()))

	runtime.ReadMemStats(&s.ms)
	ms := &s.ms
	for name, v := range map[string]uint64{
		"go_memstats_alloc_bytes":         ms.Alloc,
		"go_memstats_sys_bytes":           ms.Sys,
		"go_memstats_heap_alloc_bytes":    ms.HeapAlloc,
		"go_memstats_heap_sys_bytes":      ms.HeapSys,
		"go_memstats_heap_idle_bytes":     ms.HeapIdle,
		"go_memstats_heap_inuse_bytes":    ms.HeapInuse,
		"go_memstats_heap_released_bytes": ms.HeapReleased,
		"go_memstats_heap_objects":        ms.HeapObjects,
		"go_memstats_stack_inuse_bytes":   ms.StackInuse,
		"go_memstats_stack_sys_bytes":     ms.StackSys,
		"go_memstats_gc_sys_bytes":        ms.GCSys,
		"go_memstats_next_gc_bytes":       ms.NextGC,
	} {
		s.gauge[name].Set(float64(v))
	}
	s.gauge["go_memstats_last_gc_time_seconds"].Set(float64(ms.LastGC) / 1e9)
	setCounter(s.count["go_memstats_alloc_bytes_total"], float64(ms.TotalAlloc))
	setCounter(s.count["go_memstats_mallocs_total"], float64(ms.Mallocs))
	setCounter(s.count["go_memstats_frees_total"], float64(ms.Frees))

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
