package transporttest

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// raiseFileLimit raises the process's open file limit to at least n, hard
// limit included where the process may (with CAP_SYS_RESOURCE), and
// returns a function that restores it.
func raiseFileLimit(n uint64) (restore func(), err error) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		return nil, fmt.Errorf("reading RLIMIT_NOFILE: %w", err)
	}
	if old.Cur >= n {
		return func() {}, nil
	}
	raised := syscall.Rlimit{Cur: n, Max: max(old.Max, n)}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised); err != nil {
		return nil, fmt.Errorf("raising RLIMIT_NOFILE from %d (hard limit %d) to %d: %w (raise the hard limit: ulimit -Hn %d, or docker run --ulimit nofile=%d)", old.Cur, old.Max, n, err, n, n)
	}
	return func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) }, nil
}

// openFiles returns how many files the process has open, or -1 if unknown.
func openFiles() int {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(fds)
}

// residentSize returns the process's resident set size in bytes, or 0 if
// unknown.
func residentSize() int64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	_, rest, ok := bytes.Cut(status, []byte("VmRSS:"))
	if !ok {
		return 0
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(line), []byte("kB")))), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}
