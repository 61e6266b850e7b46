package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/transport"
)

// agentAddr is a parsed --agent value: a host (empty for all interfaces)
// and the ports to try in order.
type agentAddr struct {
	text  string
	host  string
	ports []int
}

// agentValue is --agent HOST:PORTS: 127.0.0.1:9700, [::1]:9700-9704, or
// :9700 for all interfaces.
type agentValue struct{ addr *agentAddr }

func (v *agentValue) String() string {
	if v.addr == nil {
		return ""
	}
	return v.addr.text
}

func (v *agentValue) Set(s string) error {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return errors.New("want HOST:PORTS, e.g. 127.0.0.1:9700, [::1]:9700-9704 or :9700 for all interfaces")
	}
	host, list := s[:i], s[i+1:]
	if strings.HasPrefix(host, "[") != strings.HasSuffix(host, "]") {
		return fmt.Errorf("host %q: put an IPv6 address in brackets, e.g. [::1]:9700", host)
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		return fmt.Errorf("host %q: want an IP address, localhost, or nothing for all interfaces", host)
	}
	ports, err := transport.ParsePorts(list)
	if err != nil {
		return libError(err)
	}
	v.addr = &agentAddr{text: s, host: host, ports: ports}
	return nil
}

// weightValue is --agent-degraded-weight: a percentage from 1 to 100.
type weightValue struct{ n int }

func (v *weightValue) String() string { return strconv.Itoa(v.n) }

func (v *weightValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	if err != nil || n < 1 || n > 100 {
		return fmt.Errorf("%q is not a weight (want a percentage from 1 to 100)", s)
	}
	v.n = n
	return nil
}

// drainingCodeValue is --draining-code: an HTTP status, 404 included (for
// HAProxy's http-check disable-on-404); 0 means the failing code.
type drainingCodeValue struct{ code int }

func (v *drainingCodeValue) String() string {
	if v.code == 0 {
		return ""
	}
	return strconv.Itoa(v.code)
}

func (v *drainingCodeValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 || n > 599 || n == 405 {
		return fmt.Errorf("%q is not a usable HTTP status (want 100-599, not 405)", s)
	}
	v.code = n
	return nil
}
