//go:build unix

package checks

import "syscall"

// processState returns "" when no process pid exists, else its state
// letter (or "?" when /proc does not say).
func (c *processCheck) processState(pid int) string {
	if err := syscall.Kill(pid, 0); err != nil && err != syscall.EPERM {
		return ""
	}
	return procState(c.proc, pid)
}
