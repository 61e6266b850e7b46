//go:build !linux

package transporttest

import (
	"errors"
)

// raiseFileLimit is implemented for Linux only.
func raiseFileLimit(n uint64) (restore func(), err error) {
	return nil, errors.New("raising the open file limit is implemented for Linux only")
}

// openFiles returns -1: unknown outside Linux.
func openFiles() int { return -1 }

// residentSize returns 0: unknown outside Linux.
func residentSize() int64 { return 0 }
