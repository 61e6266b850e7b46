//go:build linux

package fasthttp

import (
	"net"
	"syscall"
	"unsafe"
)

// The loop's system calls never block: its sockets are non-blocking, it
// waits on epoll with no timeout (Go's netpoller does the waiting), and a
// socket's close returns at once. So they are made without the runtime's
// entersyscall and exitsyscall, which cost ~75 instructions each, ~7% of a
// probe (bench/cost), and let sysmon hand the loop's P to another thread
// when a call is slow. epoll_pwait with no signal mask is epoll_wait,
// which arm64 does not have.

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

// sysAccept accepts a connection on the listening socket lfd, non-blocking
// and close-on-exec, and tells whether its client is on a loopback
// address; sa is scratch space for the client's address.
func sysAccept(lfd int, sa *syscall.RawSockaddrAny) (fd int, loopback bool, errno syscall.Errno) {
	n := uint32(syscall.SizeofSockaddrAny)
	r, _, e := syscall.RawSyscall6(syscall.SYS_ACCEPT4, uintptr(lfd), uintptr(unsafe.Pointer(sa)), uintptr(unsafe.Pointer(&n)),
		syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0, 0)
	if e != 0 {
		return -1, false, e
	}
	switch sa.Addr.Family {
	case syscall.AF_INET:
		return int(r), (*syscall.RawSockaddrInet4)(unsafe.Pointer(sa)).Addr[0] == 127, 0
	case syscall.AF_INET6:
		a := (*syscall.RawSockaddrInet6)(unsafe.Pointer(sa)).Addr
		return int(r), net.IP(a[:]).IsLoopback(), 0
	}
	return int(r), false, 0
}

// sysEpollCtl adds, changes or removes fd's registration in epfd for
// events.
func sysEpollCtl(epfd, op, fd int, events uint32) syscall.Errno {
	ev := syscall.EpollEvent{Events: events, Fd: int32(fd)}
	_, _, e := syscall.RawSyscall6(syscall.SYS_EPOLL_CTL, uintptr(epfd), uintptr(op), uintptr(fd), uintptr(unsafe.Pointer(&ev)), 0, 0)
	return e
}

// sysClose closes fd. A socket's close does not block without SO_LINGER,
// which the loop never sets.
func sysClose(fd int) {
	syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(fd), 0, 0)
}

// sysNoDelay turns Nagle's algorithm off on fd.
func sysNoDelay(fd int) {
	one := int32(1)
	syscall.RawSyscall6(syscall.SYS_SETSOCKOPT, uintptr(fd), syscall.IPPROTO_TCP, syscall.TCP_NODELAY, uintptr(unsafe.Pointer(&one)), 4, 0)
}
