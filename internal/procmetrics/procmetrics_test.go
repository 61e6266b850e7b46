package procmetrics

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

func TestRegisterAndSample(t *testing.T) {
	reg := metrics.NewRegistry()
	s, err := Register(reg)
	if err != nil {
		t.Fatal(err)
	}
	s.Sample()
	for name, ok := range map[string]func(float64) bool{
		"go_goroutines":                    func(v float64) bool { return v >= 1 },
		"go_threads":                       func(v float64) bool { return v >= 1 },
		"go_memstats_sys_bytes":            func(v float64) bool { return v > 0 },
		"go_memstats_mallocs_total":        func(v float64) bool { return v > 0 },
		"process_open_fds":                 func(v float64) bool { return runtime.GOOS != "linux" || v >= 3 },
		"process_max_fds":                  func(v float64) bool { return runtime.GOOS != "linux" || v >= 3 },
		"process_resident_memory_bytes":    func(v float64) bool { return runtime.GOOS != "linux" || v > 1<<20 },
		"process_virtual_memory_bytes":     func(v float64) bool { return runtime.GOOS != "linux" || v > 1<<20 },
		"process_virtual_memory_max_bytes": func(v float64) bool { return runtime.GOOS != "linux" || v > 0 },
	} {
		v, found := sample(t, reg, name)
		if !found || !ok(v) {
			t.Errorf("%s = %v (found %v)", name, v, found)
		}
	}
	if _, found := sample(t, reg, `go_info{version="`+runtime.Version()+`"}`); !found {
		t.Error("no go_info with the Go version")
	}
	// Open a file: the next sample counts it.
	before, _ := sample(t, reg, "process_open_fds")
	f, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s.Sample()
	if after, _ := sample(t, reg, "process_open_fds"); runtime.GOOS == "linux" && after != before+1 {
		t.Errorf("process_open_fds %v after opening a file, was %v", after, before)
	}
}

// A scrape renders what was sampled: no allocation, whatever the format.
func TestScrapeAllocatesNothing(t *testing.T) {
	reg := metrics.NewRegistry()
	if _, err := Register(reg); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 64<<10)
	for _, f := range []metrics.Format{metrics.FormatPrometheus, metrics.FormatOpenMetrics, metrics.FormatJSON} {
		if n := testing.AllocsPerRun(100, func() { buf = reg.Append(buf[:0], f) }); n != 0 {
			t.Errorf("format %v: %v allocations per scrape", f, n)
		}
	}
}

// sample returns the value of the series whose text-format line starts
// with name and a space.
func sample(t *testing.T, reg *metrics.Registry, name string) (float64, bool) {
	t.Helper()
	for _, line := range strings.Split(string(reg.AppendPrometheus(nil)), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f, true
		}
	}
	return 0, false
}
