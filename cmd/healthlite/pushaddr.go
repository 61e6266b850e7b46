package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/transport"
)

// pushAddr is a parsed --push value: loopback TCP ports tried in order, or a
// unix socket path (or a path pattern holding %d).
type pushAddr struct {
	network string // "tcp" or "unix"
	addr    string // tcp: HOST:PORTS with HOST a loopback IP; unix: the path or pattern
	host    string // tcp: the loopback IP to bind
	ports   []int  // tcp: the ports to try, 0 = any free port
}

// parsePushAddr accepts 127.0.0.1:PORTS (any 127.0.0.0/8 address),
// [::1]:PORTS, localhost:PORTS (bound as 127.0.0.1), unix:PATH, or
// unix:PATTERN with one %d. PORTS is a port list as --ports takes it
// (9901, 9901-9905, 0 for any free port). The push API changes what the
// health endpoints report, so it must not be reachable from other machines:
// every other address is refused.
func parsePushAddr(s string) (pushAddr, error) {
	if path, ok := strings.CutPrefix(s, "unix:"); ok {
		if path == "" {
			return pushAddr{}, errors.New("unix: needs a socket path, e.g. unix:/run/healthlite/push.sock")
		}
		if n := strings.Count(path, "%"); n > 0 && (n != 1 || strings.Count(path, "%d") != 1) {
			return pushAddr{}, fmt.Errorf("unix path %q: the only pattern allowed is one %%d, e.g. unix:/run/healthlite/push-%%d.sock", path)
		}
		return pushAddr{network: "unix", addr: path}, nil
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return pushAddr{}, errors.New("want 127.0.0.1:PORT, [::1]:PORT, localhost:PORT or unix:PATH (PORT may be a list like 9901-9905, or 0)")
	}
	host, list := s[:i], s[i+1:]
	ports, err := transport.ParsePorts(list)
	if err != nil {
		return pushAddr{}, errors.New("push " + libError(err).Error())
	}
	bracketed := strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]")
	ip := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		ip = "127.0.0.1"
	}
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.IsLoopback() || a.Zone() != "" || a.Is6() != bracketed {
		// The suggestion repeats the port list only when it is plain
		// (digits, commas, dashes): the error stays one line.
		plain := list
		if strings.ContainsFunc(list, func(r rune) bool { return (r < '0' || r > '9') && r != ',' && r != '-' }) {
			plain = "PORT"
		}
		return pushAddr{}, fmt.Errorf("refusing push address %q: only loopback is allowed, since whoever reaches it sets this service's health; use 127.0.0.1:%s, [::1]:%s, localhost:%s or unix:PATH", s, plain, plain, plain)
	}
	shown := a.String()
	if a.Is6() {
		shown = "[" + shown + "]"
	}
	return pushAddr{network: "tcp", addr: shown + ":" + list, host: a.String(), ports: ports}, nil
}

// socketPath returns the unix path of try n (from 1) of a pattern, or the
// path itself, with ok false past the first try when it is no pattern.
func (a pushAddr) socketPath(n int) (string, bool) {
	if !strings.Contains(a.addr, "%d") {
		return a.addr, n == 1
	}
	return strings.Replace(a.addr, "%d", strconv.Itoa(n), 1), true
}

// pushClientValue is --push of a client (healthlite maint): one address to
// reach, so no port list, port 0 or pattern.
type pushClientValue struct{ pushValue }

func (v *pushClientValue) Set(s string) error {
	a, err := parsePushAddr(s)
	if err != nil {
		return err
	}
	if a.network == "tcp" && (len(a.ports) != 1 || a.ports[0] == 0) || a.network == "unix" && strings.Contains(a.addr, "%d") {
		return errors.New("want the one address the server listens on (its --push-port-file says which), not a list, port 0 or a pattern")
	}
	if a.network == "tcp" {
		a.addr = net.JoinHostPort(a.host, strconv.Itoa(a.ports[0]))
	}
	v.addr = &a
	return nil
}
