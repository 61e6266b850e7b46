package allowlist

import (
	"net"
	"strconv"
)

// DeniedError is ErrNotAllowed naming the host:port the allow list refused,
// so that a check's message can say which one instead of the guest's bare
// "error -1".
type DeniedError struct {
	Addr string // host:port
}

// Denied returns the refusal of host:port.
func Denied(host string, port uint16) *DeniedError {
	return &DeniedError{Addr: net.JoinHostPort(host, strconv.Itoa(int(port)))}
}

// Error returns "HOST:PORT " followed by ErrNotAllowed's text.
func (e *DeniedError) Error() string { return e.Addr + " " + ErrNotAllowed.Error() }

// Is makes errors.Is(err, ErrNotAllowed) hold.
func (e *DeniedError) Is(target error) bool { return target == ErrNotAllowed }
