//go:build !unix

package checks

import "os"

// processState returns "" when no process pid exists, else "?".
func (c *processCheck) processState(pid int) string {
	if _, err := os.FindProcess(pid); err != nil {
		return ""
	}
	return "?"
}
