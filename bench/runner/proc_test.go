package main

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// A command name with spaces and a ')' must not shift the fields.
	stat := "4242 (we ird) (x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 3 0 100 1000000 200 18446744073709551615"
	got, err := parseStatCPU(stat)
	if err != nil {
		t.Fatal(err)
	}
	if want := 325 * clockTick; got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"4242 no paren", "1 (x) S 1 2", "1 (x) S 1 2 3 4 5 6 7 8 9 10 x 2"} {
		if _, err := parseStatCPU(bad); err == nil {
			t.Errorf("parseStatCPU(%q) accepted", bad)
		}
	}
}

func TestCPUTimeOfSelfGrows(t *testing.T) {
	pid := os.Getpid()
	before, err := cpuTime(pid)
	if err != nil {
		t.Fatal(err)
	}
	// Burn CPU until the kernel's tick-based account moves (bounded by a count, not a clock).
	x := 0
	var after time.Duration
	for i := 0; i < 200 && after <= before; i++ {
		for j := 0; j < 1_000_000; j++ {
			x += j ^ i
		}
		if after, err = cpuTime(pid); err != nil {
			t.Fatal(err)
		}
	}
	if after <= before {
		t.Fatalf("CPU time did not grow: %v then %v (x=%d)", before, after, x)
	}
}

func TestParseStatusKB(t *testing.T) {
	status := "Name:\tx\nVmPeak:\t  100 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1024 kB\n"
	if v, err := parseStatusKB(status, "VmHWM"); err != nil || v != 2048*1024 {
		t.Fatalf("VmHWM = %d, %v", v, err)
	}
	if _, err := parseStatusKB(status, "VmSwap"); err == nil || !strings.Contains(err.Error(), "no VmSwap line") {
		t.Fatalf("missing key: %v", err)
	}
	if _, err := parseStatusKB("VmHWM: 12 MB\n", "VmHWM"); err == nil {
		t.Fatal("accepted a unit other than kB")
	}
	if v, err := memKB(os.Getpid(), "VmRSS"); err != nil || v == 0 {
		t.Fatalf("own VmRSS = %d, %v", v, err)
	}
}

// TestPerRequest divides the difference of two readings by the requests.
func TestPerRequest(t *testing.T) {
	a := counters{cpu: time.Second, allocs: 100, hasAllocs: true}
	b := counters{cpu: 3 * time.Second, allocs: 300, hasAllocs: true}
	if cpu, allocs := perRequest(a, b, 100); cpu != 20*time.Millisecond || allocs != 2 {
		t.Errorf("perRequest = %v, %v; want 20ms, 2", cpu, allocs)
	}
	if _, allocs := perRequest(counters{cpu: time.Second}, counters{cpu: 2 * time.Second}, 10); !math.IsNaN(allocs) {
		t.Errorf("without a side port: %v allocs, want NaN", allocs)
	}
	if cpu, allocs := perRequest(a, b, 0); cpu != 0 || !math.IsNaN(allocs) {
		t.Errorf("no requests: %v, %v; want 0, NaN", cpu, allocs)
	}
}

// TestCPUDuring: the CPU time a process spends while load runs is counted,
// and load's error is returned as it is.
func TestCPUDuring(t *testing.T) {
	r := &running{pid: os.Getpid()}
	cpu, _, err := r.cpuDuring(func() error {
		start, err := cpuTime(r.pid)
		for err == nil { // spin until this process has used two clock ticks
			var now time.Duration
			if now, err = cpuTime(r.pid); now-start >= 2*clockTick {
				break
			}
		}
		return err
	})
	if err != nil || cpu < 2*clockTick {
		t.Fatalf("cpuDuring = %v, %v; want at least %v", cpu, err, 2*clockTick)
	}
	boom := errors.New("boom")
	if _, _, err := r.cpuDuring(func() error { return boom }); err != boom {
		t.Fatalf("cpuDuring's error %v, want load's", err)
	}
}
