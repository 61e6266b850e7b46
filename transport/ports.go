package transport

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
)

// DefaultPorts is the port list used when none is given: the bot server's
// 8080 and its four fallbacks.
const DefaultPorts = "8080-8084"

// maxPorts bounds the length of a port list, so that a typo such as
// "1-65535" is refused instead of probing every port of the machine.
const maxPorts = 1024

// ParsePorts parses a port list as HEALTH_SERVER_PORTS holds it: ports and
// ranges separated by commas, in the order they are tried: "8080,8081",
// "8080-8084", "9090,8080-8084". Spaces around items are ignored. Port 0
// means any free port and stands alone in its item.
//
// An error, a *core.Error, names the list and the bad item, and says what
// is expected:
//
//	healthlite: port list "8080,abc": "abc" is not a port number (want 0-65535 or a range like 8080-8084)
func ParsePorts(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, &core.Error{Msg: fmt.Sprintf("port list %q: empty (want a port like 8080, a list like 8080,8081 or a range like 8080-8084)", s)}
	}
	var ports []int
	seen := make(map[int]bool)
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		lo, hi, err := parseItem(item)
		if err != nil {
			return nil, &core.Error{Msg: fmt.Sprintf("port list %q: %v", s, err)}
		}
		if hi-lo+1 > maxPorts-len(ports) {
			return nil, &core.Error{Msg: fmt.Sprintf("port list %q: %q makes the list longer than %d ports", s, item, maxPorts)}
		}
		for p := lo; p <= hi; p++ {
			if seen[p] && p != 0 {
				return nil, &core.Error{Msg: fmt.Sprintf("port list %q: %q repeats port %d", s, item, p)}
			}
			seen[p] = true
			ports = append(ports, p)
		}
	}
	return ports, nil
}

// parseItem parses "8080" or "8080-8084".
func parseItem(item string) (lo, hi int, err error) {
	if item == "" {
		return 0, 0, fmt.Errorf("empty item (want a port like 8080 or a range like 8080-8084)")
	}
	a, b, isRange := strings.Cut(item, "-")
	if !isRange {
		p, err := parsePort(item, item)
		return p, p, err
	}
	if lo, err = parsePort(item, a); err != nil {
		return 0, 0, err
	}
	if hi, err = parsePort(item, b); err != nil {
		return 0, 0, err
	}
	switch {
	case lo == 0 || hi == 0:
		return 0, 0, fmt.Errorf("%q: port 0 (any free port) cannot be part of a range", item)
	case lo > hi:
		return 0, 0, fmt.Errorf("%q is a descending range (want low-high, like %d-%d)", item, hi, lo)
	}
	return lo, hi, nil
}

// parsePort parses one port number s, part of item.
func parsePort(item, s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("%q is not a port number (want 0-65535 or a range like 8080-8084)", item)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%q is not a port number (want 0-65535 or a range like 8080-8084)", item)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > 65535 {
		return 0, fmt.Errorf("%q is out of range (want 0-65535)", item)
	}
	return n, nil
}
