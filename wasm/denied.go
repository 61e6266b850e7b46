package wasm

import (
	"net"
	"strconv"
)

// deniedError is errNotAllowed naming the host:port the allow list refused,
// so that a check's message can say which one instead of the guest's bare
// "error -1".
type deniedError struct{ addr string }

func deniedAddr(host string, port uint16) *deniedError {
	return &deniedError{addr: net.JoinHostPort(host, strconv.Itoa(int(port)))}
}

func (e *deniedError) Error() string { return e.addr + " " + errNotAllowed.Error() }

// Is makes errors.Is(err, errNotAllowed) hold.
func (e *deniedError) Is(target error) bool { return target == errNotAllowed }

// deniedNote is what a failing check's message starts with when the allow
// list refused one of its run's requests: "127.0.0.1:8080 not allowed
// (--allow)", the option being allow= under serve and --allow under check.
func deniedNote(addr string) string { return addr + " not allowed (--allow)" }
