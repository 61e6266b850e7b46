package transport

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"syscall"
)

// Config says where Listen binds. The zero value binds 8080-8084 on all
// interfaces and logs through slog.Default().
type Config struct {
	// Addr is the host to bind, such as "127.0.0.1" or "::1".
	// By default all interfaces (IPv4 and IPv6).
	Addr string
	// Ports are tried in order; 0 means any free port.
	// By default 8080-8084 (DefaultPorts).
	Ports []int
	// Service is this process's service name. When a port is busy, Listen
	// asks the process holding it for /health?verbose; if it answers with
	// the same service, Listen warns that a duplicate instance is running.
	// By default "healthlite", the core's default service name.
	Service string
	// Logger receives the bind log lines. By default slog.Default().
	Logger *slog.Logger
}

// NoFreePortError is returned by Listen when no port of the list could be
// bound. The caller decides what follows: carry on without a listener (the
// bot server's graceful degradation) or exit.
type NoFreePortError struct {
	// Tried lists the ports tried, in order.
	Tried []int
	// Errs holds the bind error of each port in Tried.
	Errs []error
}

// Error lists every port tried and why it failed.
func (e *NoFreePortError) Error() string {
	var b strings.Builder
	b.WriteString("healthlite: no free port: tried ")
	for i, p := range e.Tried {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(p))
		if i < len(e.Errs) && !errors.Is(e.Errs[i], syscall.EADDRINUSE) {
			b.WriteString(" (")
			b.WriteString(e.Errs[i].Error())
			b.WriteString(")")
		} else {
			b.WriteString(" (in use)")
		}
	}
	return b.String()
}

// Unwrap returns the bind errors, so that errors.Is(err, syscall.EADDRINUSE)
// holds when a port was busy.
func (e *NoFreePortError) Unwrap() []error { return e.Errs }

// Listen returns the health server's listener.
//
// When systemd passed a socket to this process (LISTEN_PID is this process
// and LISTEN_FDS is at least 1), Listen serves on that socket (fd 3) instead
// of binding, logs so, and clears LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES
// so that child processes do not take it too.
//
// Otherwise it binds each port of cfg.Ports in order, as the bot server did.
// A busy port logs at WARNING, exactly
//
//	Port 8080 is already in use, trying next port...
//
// and, when the process holding it is a healthlite of the same service, a
// second WARNING that a duplicate instance is running, with its pid. Any
// other bind error (permission denied, an address not on this machine) is
// logged at WARNING with its cause, and the next port is tried. On success
// it logs at INFO, exactly
//
//	Health server started on port 8081
//
// When no port can be bound it logs an ERROR naming every port tried and
// returns a *NoFreePortError. SO_REUSEPORT is never set: it would let a
// second instance bind the same port silently, which is the failure the
// fallback exists to expose.
//
// Connections accepted from a listener Listen binds have no TCP keep-alive
// probes: the servers' idle and read timeouts close a silent connection
// first, and the probes cost four system calls on every new connection.
// A socket passed by systemd is served with Go's defaults (probes on).
func Listen(ctx context.Context, cfg Config) (net.Listener, error) {
	log := orDefault(cfg.Logger)
	if ln, err := activated(log); ln != nil || err != nil {
		return ln, err
	}
	return bind(ctx, cfg, log, "health server", true)
}

// bind binds the first free port of cfg.Ports on cfg.Addr for the server
// called name ("health server"), with the log lines Listen documents;
// duplicates asks a busy port's /health whether a duplicate instance holds
// it.
func bind(ctx context.Context, cfg Config, log *slog.Logger, name string, duplicates bool) (net.Listener, error) {
	ports := cfg.Ports
	if len(ports) == 0 {
		ports, _ = ParsePorts(DefaultPorts)
	}
	host := strings.TrimSuffix(strings.TrimPrefix(cfg.Addr, "["), "]") // "[::1]" as well as "::1"
	service := cfg.Service
	if service == "" {
		service = "healthlite"
	}
	// Go sets SO_REUSEADDR on listeners, never SO_REUSEPORT. KeepAlive -1:
	// no TCP keep-alive probes on accepted connections. Go turns them on
	// by default, four setsockopt calls per connection (a probe that opens
	// a connection per request pays them every time), and every server
	// bound here already closes a connection idle past its timeouts.
	lc := net.ListenConfig{KeepAlive: -1}
	fail := &NoFreePortError{}
	for _, port := range ports {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err == nil {
			log.Info(strings.ToUpper(name[:1]) + name[1:] + " started on port " + strconv.Itoa(Port(ln)))
			return ln, nil
		}
		fail.Tried = append(fail.Tried, port)
		fail.Errs = append(fail.Errs, err)
		if errors.Is(err, syscall.EADDRINUSE) {
			log.Warn("Port " + strconv.Itoa(port) + " is already in use, trying next port...")
			if duplicates {
				warnDuplicate(ctx, log, host, port, service)
			}
			continue
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		log.Warn("Port "+strconv.Itoa(port)+" could not be bound, trying next port...", "err", err)
	}
	log.Error("No free port for the " + name + ": tried " + joinPorts(fail.Tried))
	return nil, fail
}

// Port returns the TCP port ln listens on, or 0 when it is not a TCP listener.
func Port(ln net.Listener) int {
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		return a.Port
	}
	return 0
}

func joinPorts(ports []int) string {
	var b []byte
	for i, p := range ports {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(p), 10)
	}
	return string(b)
}
