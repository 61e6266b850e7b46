package main

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The binary exports process_* and go_* metrics by client_golang's names,
// sampled (the scrape only renders them).
func TestRuntimeMetrics(t *testing.T) {
	_, base := serveOn(t, nil)
	values := func() map[string]float64 {
		req, _ := http.NewRequest("GET", base+"/metrics", nil)
		req.Header.Set("Accept", "text/plain;version=0.0.4")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 32<<10)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		m := map[string]float64{}
		for _, line := range strings.Split(b.String(), "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			i := strings.LastIndexByte(line, ' ')
			v, err := strconv.ParseFloat(line[i+1:], 64)
			if err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			m[line[:i]] = v
		}
		return m
	}
	m := values()
	for name, min := range map[string]float64{
		"process_open_fds": 3, "process_max_fds": 3, "process_resident_memory_bytes": 1 << 20,
		"process_virtual_memory_bytes": 1 << 20, "process_start_time_seconds": 1e9,
		"go_goroutines": 1, "go_threads": 1, "go_memstats_sys_bytes": 1 << 20, "go_memstats_heap_objects": 1,
	} {
		if v, ok := m[name]; !ok || v < min {
			t.Errorf("%s = %v (present %v); want at least %v", name, v, ok, min)
		}
	}
	if _, ok := m["process_cpu_seconds_total"]; !ok {
		t.Error("no process_cpu_seconds_total")
	}
	found := false
	for k := range m {
		if strings.HasPrefix(k, `go_info{version="go`) {
			found = true
		}
	}
	if !found {
		t.Error("no go_info{version=…}")
	}
	// healthlite_build_info carries what "healthlite version" prints.
	_, out, _ := runBinary(t, nil, "version")
	f := strings.Fields(out) // healthlite VERSION (commit REV, GO)
	if len(f) != 5 {
		t.Fatalf("healthlite version: %q", out)
	}
	info := `healthlite_build_info{goversion="` + strings.TrimSuffix(f[4], ")") + `",version="` + f[1] + `"}`
	if m[info] != 1 {
		t.Errorf("no %s 1 (healthlite version says %q)", info, out)
	}
	// Sampled, not frozen: the counters move on.
	first := m["go_memstats_mallocs_total"]
	eventually(t, 30*time.Second, "go_memstats_mallocs_total to grow", func() bool { return values()["go_memstats_mallocs_total"] > first })
}
