package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"strconv"

	"github.com/healthlite/healthlite/transport"
)

// maxPushPatternTries bounds how many paths a unix:PATTERN push address
// tries before giving up.
const maxPushPatternTries = 64

// listenPush opens the push API's listener. TCP ports are tried in order
// with the health server's fallback and log lines. A unix socket gets mode
// 0660, so only the owner and group may push; a stale socket file left by a
// previous run is replaced, any other file is not. A socket a live process
// answers on is never taken over: the error names that process's pid, and
// with a pattern (push-%d.sock) the next path is tried. The socket is bound
// and chmod'ed in a private directory first (see listenUnixPrivate), so no
// other user can connect to it while it has the umask's mode.
func listenPush(ctx context.Context, a pushAddr, log *slog.Logger) (net.Listener, error) {
	if a.network == "tcp" {
		return transport.ListenPush(ctx, transport.Config{Addr: a.host, Ports: a.ports, Logger: log})
	}
	var busy error
	for n := 1; n <= maxPushPatternTries; n++ {
		path, ok := a.socketPath(n)
		if !ok {
			break
		}
		if fi, err := os.Lstat(path); err == nil {
			if fi.Mode().Type() != fs.ModeSocket {
				return nil, fmt.Errorf("%s exists and is not a socket", path)
			}
			if c, err := net.Dial("unix", path); err == nil {
				busy = fmt.Errorf("%s is in use by %s; give each copy its own --push, or a pattern such as unix:/run/healthlite/push-%%d.sock", path, describePeer(c))
				c.Close()
				if next, ok := a.socketPath(n + 1); ok {
					log.Warn("Push socket " + path + " is already in use, trying " + next + "...")
				}
				continue
			}
		}
		ln, err := listenUnixPrivate(path, 0o660)
		if err == nil {
			log.Info("Push API started on " + path)
		}
		return ln, err
	}
	if busy == nil {
		busy = errors.New("no free path")
	}
	return nil, busy
}

// describePeer names the process at the other end of a unix connection:
// "another process (pid 4242: healthlite serve …)", or "another process"
// when the system does not say.
func describePeer(c net.Conn) string {
	pid := peerPID(c)
	if pid <= 0 {
		return "another process"
	}
	if cmd := commandLine(pid); cmd != "" {
		return "another process (pid " + strconv.Itoa(pid) + ": " + cmd + ")"
	}
	return "another process (pid " + strconv.Itoa(pid) + ")"
}

// pushLocation is what --push-port-file holds: the port of a TCP push
// listener, or unix:PATH.
func pushLocation(ln net.Listener) string {
	if p := transport.Port(ln); p != 0 {
		return strconv.Itoa(p)
	}
	return "unix:" + ln.Addr().String()
}
