package main

import (
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// peerPID returns the pid of the process that listens at the other end of
// a unix connection (SO_PEERCRED), or 0.
func peerPID(c net.Conn) int {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return 0
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return 0
	}
	pid := 0
	raw.Control(func(fd uintptr) {
		if cred, err := syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED); err == nil {
			pid = int(cred.Pid)
		}
	})
	return pid
}

// commandLine returns how process pid was started, its arguments joined
// by spaces and cut at 200 bytes, or "" when it cannot be read.
func commandLine(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return ""
	}
	s := strings.TrimRight(strings.ReplaceAll(string(b), "\x00", " "), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	q := strconv.QuoteToGraphic(s) // control characters escaped for the terminal
	return q[1 : len(q)-1]
}
