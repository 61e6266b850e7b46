//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// errLocked is tryLock's answer when another open file holds the lock.
var errLocked = errors.New("locked")

// tryLock takes an exclusive flock(2) on f without waiting. The kernel
// releases it when every descriptor of f is closed, so on any death of the
// process, SIGKILL included; Go opens files close-on-exec, so no child keeps
// it.
func tryLock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

// openLockFile opens (creating) the lock file at path, refusing to follow a
// symlink: the lock directory may be shared.
func openLockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW, 0o644)
}
