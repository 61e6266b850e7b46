//go:build !unix

package transport

// FileLimit returns 0: the open file limit is not known on this system.
func FileLimit() int { return 0 }
