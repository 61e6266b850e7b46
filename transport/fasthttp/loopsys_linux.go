//go:build linux

package fasthttp

import (
	"syscall"
	"unsafe"
)

// The loop's reads, writes and epoll waits never block: its sockets are
// non-blocking and it waits on epoll with no timeout (Go's netpoller does
// the waiting). So they are made without the runtime's entersyscall and
// exitsyscall, which cost ~75 instructions each, ~7% of a probe
// (bench/cost). epoll_pwait with no signal mask is epoll_wait, which
// arm64 does not have.

// sysRead reads from fd into p.
func sysRead(fd int, p []byte) (int, syscall.Errno) {
	r, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	return int(r), e
}

// sysWrite writes p to fd.
func sysWrite(fd int, p []byte) (int, syscall.Errno) {
	r, _, e := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	return int(r), e
}

// sysEpollPoll takes the ready events of epfd without waiting.
func sysEpollPoll(epfd int, events []syscall.EpollEvent) (int, syscall.Errno) {
	r, _, e := syscall.RawSyscall6(syscall.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(unsafe.SliceData(events))), uintptr(len(events)), 0, 0, 0)
	return int(r), e
}
