// Package allowlist is the network allow list of WebAssembly checks
// (wasm.Options.Allow, --allow): the host:port pairs a check may reach, deny
// by default. A listed name is resolved and may use every address it
// resolves to; an unlisted name passes only when every address it resolves
// to is listed, so that a DNS answer cannot reach anything else.
package allowlist

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// ErrNotAllowed is what Resolve's refusals match with errors.Is.
var ErrNotAllowed = errors.New("not in the allow list")

// entry is one host:port the operator allowed.
type entry struct {
	host string     // lower case, no trailing dot; empty for an IP entry
	ip   netip.Addr // valid for an IP entry
	port uint16
}

// List is a parsed allow list. The zero List allows nothing.
type List struct {
	entries []entry
}

// Parse checks and normalizes a list of "host:port" entries, refusing the
// first that is not one with an error of one line that names it.
func Parse(list []string) (List, error) {
	out := make([]entry, 0, len(list))
	for _, s := range list {
		host, port, err := net.SplitHostPort(s)
		if err != nil {
			// The reason only: net's message repeats the entry unquoted.
			reason := err.Error()
			var ae *net.AddrError
			if errors.As(err, &ae) {
				reason = ae.Err
			}
			return List{}, fmt.Errorf("allow %q: want host:port, such as 127.0.0.1:8080 or [::1]:80 (%s)", s, reason)
		}
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || p == 0 {
			return List{}, fmt.Errorf("allow %q: port %q is not a number from 1 to 65535", s, port)
		}
		if host == "" {
			return List{}, fmt.Errorf("allow %q: the host is empty", s)
		}
		e := entry{port: uint16(p)}
		if ip, err := netip.ParseAddr(host); err == nil {
			e.ip = ip.Unmap()
		} else if e.host = normalHost(host); e.host == "" {
			return List{}, fmt.Errorf("allow %q: the host is empty", s)
		}
		out = append(out, e)
	}
	return List{entries: out}, nil
}

func normalHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// MayReach answers without DNS whether host:port may pass Resolve: false
// when it cannot (an address or a name not listed for that port, and no
// address listed for the port that a name could resolve to).
func (l List) MayReach(host string, port uint16) bool {
	ip, err := netip.ParseAddr(host)
	if err == nil {
		ip = ip.Unmap()
	}
	h := normalHost(host)
	for _, e := range l.entries {
		if e.port != port {
			continue
		}
		if e.ip.IsValid() && ip.IsValid() && e.ip == ip {
			return true
		}
		if e.host != "" && e.host == h {
			return true
		}
	}
	if ip.IsValid() {
		return false
	}
	// A name listed for no port at all cannot pass either way.
	return l.anyIPEntry(port)
}

func (l List) anyIPEntry(port uint16) bool {
	for _, e := range l.entries {
		if e.port == port && e.ip.IsValid() {
			return true
		}
	}
	return false
}

func (l List) ipListed(ip netip.Addr, port uint16) bool {
	for _, e := range l.entries {
		if e.port == port && e.ip == ip {
			return true
		}
	}
	return false
}

// Resolve returns the addresses host:port may be reached at, resolving a
// name with r, or a *DeniedError. A listed name is resolved and all its
// addresses used; an unlisted name passes only when every address it
// resolves to is listed.
func (l List) Resolve(ctx context.Context, r *net.Resolver, host string, port uint16) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		if l.ipListed(ip, port) {
			return []netip.Addr{ip}, nil
		}
		return nil, Denied(host, port)
	}
	h := normalHost(host)
	listed := false
	for _, e := range l.entries {
		if e.port == port && e.host != "" && e.host == h {
			listed = true
		}
	}
	if !listed && !l.anyIPEntry(port) {
		return nil, Denied(host, port)
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%s has no addresses", host)
	}
	for i, a := range addrs {
		addrs[i] = a.Unmap()
		if !listed && !l.ipListed(addrs[i], port) {
			return nil, Denied(host, port)
		}
	}
	return addrs, nil
}
