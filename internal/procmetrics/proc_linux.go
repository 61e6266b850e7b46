package procmetrics

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat's CPU times: 100 on
// every Linux architecture Go supports (client_golang assumes it too).
const clockTicks = 100

// procStat holds what /proc/self/stat says of CPU time and memory.
type procStat struct {
	cpuSeconds, virtualBytes, residentBytes float64
}

// read parses /proc/self/stat; false when it cannot.
func (p *procStat) read() bool {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return false
	}
	// The command name (field 2) is in parentheses and may hold spaces:
	// the fields after it start past the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return false
	}
	f := bytes.Fields(b[i+1:]) // f[0] is field 3 (state)
	if len(f) < 22 {
		return false
	}
	num := func(field int) float64 { // field numbers as proc(5) counts them
		n, _ := strconv.ParseUint(string(f[field-3]), 10, 64)
		return float64(n)
	}
	p.cpuSeconds = (num(14) + num(15)) / clockTicks
	p.virtualBytes = num(23)
	p.residentBytes = num(24) * float64(os.Getpagesize())
	return true
}

// openFDs counts the entries of /proc/self/fd, less the one reading it.
func openFDs() (int, bool) {
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		return 0, false
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return 0, false
	}
	return len(names) - 1, true
}

// maxFDs is the soft limit of open files.
func maxFDs() (float64, bool) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0, false
	}
	return float64(r.Cur), true
}

// maxVirtualMemory is the soft limit of the address space (RLIM_INFINITY,
// 2^64-1, when unlimited, as client_golang reports it).
func maxVirtualMemory() (float64, bool) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &r); err != nil {
		return 0, false
	}
	return float64(r.Cur), true
}
