//go:build unix

package transport

import (
	"math"
	"syscall"
)

// FileLimit returns the process's open file limit (the soft
// RLIMIT_NOFILE, which Go raises to the hard limit at start), or 0 when it
// cannot be read.
func FileLimit() int {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0
	}
	return int(min(uint64(rl.Cur), math.MaxInt32)) // RLIM_INFINITY included
}
