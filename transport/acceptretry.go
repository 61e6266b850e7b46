package transport

import (
	"errors"
	"net"
	"syscall"
	"time"
)

// The delays between retries of a failed Accept: net/http's, 5ms doubling
// up to 1s, reset by the next connection accepted.
const (
	minAcceptDelay = 5 * time.Millisecond
	maxAcceptDelay = time.Second
)

// nextAcceptDelay returns the delay before the next Accept after one that
// failed, prev being the delay before that one (0 for the first failure).
func nextAcceptDelay(prev time.Duration) time.Duration {
	if prev == 0 {
		return minAcceptDelay
	}
	return min(2*prev, maxAcceptDelay)
}

// acceptRetryable reports whether an Accept error passes: the process or
// the system is out of descriptors or memory for a moment (EMFILE, ENFILE,
// ENOBUFS, ENOMEM), or one client's connection failed before it was
// accepted (ECONNABORTED and the network errors accept(2) passes on, which
// its manual says to treat as EAGAIN). A closed listener, and errors that
// say the listener itself is broken (EBADF, EINVAL, ENOTSOCK), do not pass.
func acceptRetryable(err error) bool {
	if errors.Is(err, net.ErrClosed) {
		return false
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM,
			syscall.ECONNABORTED, syscall.ECONNRESET, syscall.EINTR, syscall.EAGAIN, syscall.ETIMEDOUT,
			syscall.EPROTO, syscall.EPERM, syscall.ENETDOWN, syscall.ENETUNREACH, syscall.EHOSTDOWN,
			syscall.EHOSTUNREACH, syscall.ENOPROTOOPT, syscall.EOPNOTSUPP:
			return true
		}
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
