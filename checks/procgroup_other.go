//go:build !unix

package checks

import (
	"os"
	"os/exec"
)

// ownProcessGroup leaves cmd as it is: without Unix process groups only the
// command itself is killed on cancellation.
func ownProcessGroup(*exec.Cmd) {}

// killProcessGroup kills p alone.
func killProcessGroup(p *os.Process) error { return p.Kill() }
