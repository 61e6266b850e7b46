//go:build !unix

package main

import (
	"errors"
	"os"
)

var errLocked = errors.New("locked")

// tryLock fails: --single-instance needs flock(2).
func tryLock(*os.File) error {
	return errors.New("--single-instance needs flock(2), which this system lacks")
}

// openLockFile opens (creating) the lock file at path.
func openLockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}
