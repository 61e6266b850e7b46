// Package sdnotify sends systemd service notifications (sd_notify(3)) without a
// dependency: each notification is one datagram on the unix socket named by
// $NOTIFY_SOCKET, a filesystem path or, when it starts with '@', an abstract
// socket.
//
// A service unit with Type=notify waits for READY=1 before it considers the
// service started; with WatchdogSec= it restarts the service when WATCHDOG=1
// stops arriving; STOPPING=1 tells it that shutdown has begun.
package sdnotify

import (
	"errors"
	"fmt"
	"math"
	"net"
	"strconv"
	"time"
)

// The states the binary sends, as defined by sd_notify(3).
const (
	Ready    = "READY=1"
	Watchdog = "WATCHDOG=1"
	Stopping = "STOPPING=1"
)

// Notifier sends notifications to one systemd notification socket.
// A nil *Notifier is valid and sends nothing, so callers need not check
// whether they run under systemd.
type Notifier struct {
	addr *net.UnixAddr
}

// New returns a Notifier for socket, the value of $NOTIFY_SOCKET. It returns
// nil and no error when socket is empty (not run by systemd), and an error when
// socket is neither an absolute path nor an abstract name starting with '@'.
func New(socket string) (*Notifier, error) {
	if socket == "" {
		return nil, nil
	}
	if socket[0] != '/' && socket[0] != '@' {
		return nil, fmt.Errorf("healthlite: NOTIFY_SOCKET %q: want an absolute path or an abstract name starting with @", socket)
	}
	// On Linux the net package maps a leading '@' to the abstract namespace.
	return &Notifier{addr: &net.UnixAddr{Name: socket, Net: "unixgram"}}, nil
}

// Notify sends state (for example Ready, or several "KEY=VALUE" lines joined by
// newlines) as one datagram. It dials for every call, as sd_notify does, so a
// restarted receiver is picked up; notifications are rare (at most a few per
// second), so the cost does not matter.
func (n *Notifier) Notify(state string) error {
	if n == nil {
		return nil
	}
	conn, err := net.DialUnix("unixgram", nil, n.addr)
	if err != nil {
		return fmt.Errorf("healthlite: notify systemd on %q: %w", n.addr.Name, err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return fmt.Errorf("healthlite: notify systemd on %q: %w", n.addr.Name, err)
	}
	return nil
}

// WatchdogInterval reads the watchdog settings systemd passes to a service
// with WatchdogSec=: usec is $WATCHDOG_USEC and pid is $WATCHDOG_PID. It
// returns the interval within which systemd expects WATCHDOG=1, or 0 when the
// watchdog is off or meant for another process (pid set and not self).
// Send WATCHDOG=1 at half the interval, as sd_watchdog_enabled(3) advises.
func WatchdogInterval(usec, pid string, self int) (time.Duration, error) {
	if usec == "" {
		return 0, nil
	}
	if pid != "" {
		p, err := strconv.Atoi(pid)
		if err != nil || p <= 0 {
			return 0, fmt.Errorf("healthlite: WATCHDOG_PID %q is not a process id", pid)
		}
		if p != self {
			return 0, nil
		}
	}
	us, err := strconv.ParseUint(usec, 10, 63)
	if err != nil || us > math.MaxInt64/uint64(time.Microsecond) {
		return 0, fmt.Errorf("healthlite: WATCHDOG_USEC %q is not a number of microseconds", usec)
	}
	if us == 0 {
		return 0, errors.New("healthlite: WATCHDOG_USEC is 0; want a positive number of microseconds")
	}
	return time.Duration(us) * time.Microsecond, nil
}
