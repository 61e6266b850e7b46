package transport

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
)

// listenFD is the first file descriptor systemd passes (SD_LISTEN_FDS_START).
const listenFD = 3

// activated returns the socket systemd passed to this process, or nil when
// there is none. It follows sd_listen_fds(3): the variables count only when
// LISTEN_PID is this process, and they are cleared once read.
func activated(log *slog.Logger) (net.Listener, error) {
	pidVar, fdsVar := os.Getenv("LISTEN_PID"), os.Getenv("LISTEN_FDS")
	if pidVar == "" || fdsVar == "" {
		return nil, nil
	}
	if pid, err := strconv.Atoi(pidVar); err != nil || pid != os.Getpid() {
		return nil, nil // meant for another process (our parent, say)
	}
	os.Unsetenv("LISTEN_PID")
	os.Unsetenv("LISTEN_FDS")
	os.Unsetenv("LISTEN_FDNAMES")
	n, err := strconv.Atoi(fdsVar)
	if err != nil || n < 1 {
		return nil, fmt.Errorf("healthlite: socket activation: LISTEN_FDS=%q: want a count of at least 1", fdsVar)
	}
	f := os.NewFile(listenFD, "systemd-socket")
	ln, err := net.FileListener(f) // duplicates the descriptor
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("healthlite: socket activation: fd %d is not a listening socket: %w", listenFD, err)
	}
	if n > 1 {
		log.Warn("Socket activation passed "+strconv.Itoa(n)+" sockets; serving on the first only", "fd", listenFD)
	}
	if p := Port(ln); p != 0 {
		log.Info("Health server started on port "+strconv.Itoa(p), "socket_activation", "systemd", "fd", listenFD)
	} else {
		log.Info("Health server started on "+ln.Addr().String(), "socket_activation", "systemd", "fd", listenFD)
	}
	return ln, nil
}
