//go:build !linux

package main

import "net"

// peerPID returns 0: the peer's pid is read on Linux only.
func peerPID(net.Conn) int { return 0 }

// commandLine returns "": /proc is read on Linux only.
func commandLine(int) string { return "" }
