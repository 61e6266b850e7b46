package transport

import (
	"net/netip"
	"strings"
)

// LoopbackHost reports whether a Host header (host or host:port) names this
// machine's loopback interface: "localhost" (any case, with or without the
// trailing dot) or a loopback IP address such as 127.0.0.1 or [::1].
//
// A loopback client is not enough to trust a request: a web page in a
// browser on the same machine reaches loopback too, and with DNS rebinding
// it does so under a name of its own. Such a request carries the attacker's
// name in Host, so the transports count a client as local (to show check
// details) and the push API accepts a request only when Host passes this
// test as well. It allocates nothing for a name or a well-formed address.
func LoopbackHost(host string) bool {
	// What clients on this machine send, 127.0.0.1 or 127.0.0.1:PORT,
	// without the general path's search for the port (~40 fewer
	// instructions a request); anything else takes it.
	if len(host) >= 9 && host[:9] == "127.0.0.1" && (len(host) == 9 || host[9] == ':' && digits(host[10:])) {
		return true
	}
	port := ""
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return false
		}
		host, port = host[1:end], host[end+1:]
		if port != "" && port[0] != ':' {
			return false
		}
	} else if i := strings.IndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i:]
	}
	if port != "" && !digits(port[1:]) {
		return false
	}
	if host == "127.0.0.1" || host == "::1" { // the usual ones, without parsing
		return true
	}
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	// Only what can be an address goes to ParseAddr, whose errors allocate;
	// zones ("%eth0") are left out too: no browser sends one.
	for i := 0; i < len(host); i++ {
		if c := host[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':') {
			return false
		}
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// digits reports whether s holds only ASCII digits (or nothing).
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
