package wasm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Results of the capability host functions (see ABI.md).
const (
	netNotAllowed = -1
	netFailed     = -2
	netBadURL     = -3
	netCapped     = -4
)

// maxRedirects is how many redirects http_get follows.
const maxRedirects = 5

var (
	errNotAllowed = errors.New("not in the allow list")
	errConnCap    = errors.New("the run's connection cap is reached")
)

// allowEntry is one "host:port" the operator allowed.
type allowEntry struct {
	host string     // lower case, no trailing dot; empty for an IP entry
	ip   netip.Addr // valid for an IP entry
	port uint16
}

// parseAllow checks and normalizes Options.Allow.
func parseAllow(list []string) ([]allowEntry, error) {
	out := make([]allowEntry, 0, len(list))
	for _, s := range list {
		host, port, err := net.SplitHostPort(s)
		if err != nil {
			// The reason only: net's message repeats the entry unquoted.
			reason := err.Error()
			var ae *net.AddrError
			if errors.As(err, &ae) {
				reason = ae.Err
			}
			return nil, fmt.Errorf("allow %q: want host:port, such as 127.0.0.1:8080 or [::1]:80 (%s)", s, reason)
		}
		p, err := strconv.ParseUint(port, 10, 16)
		if err != nil || p == 0 {
			return nil, fmt.Errorf("allow %q: port %q is not a number from 1 to 65535", s, port)
		}
		if host == "" {
			return nil, fmt.Errorf("allow %q: the host is empty", s)
		}
		e := allowEntry{port: uint16(p)}
		if ip, err := netip.ParseAddr(host); err == nil {
			e.ip = ip.Unmap()
		} else if e.host = normalHost(host); e.host == "" {
			return nil, fmt.Errorf("allow %q: the host is empty", s)
		}
		out = append(out, e)
	}
	return out, nil
}

func normalHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// network implements http_get and tcp_dial for one check: deny by default,
// resolve names itself and connect only to addresses it checked.
type network struct {
	allow     []allowEntry
	maxConns  int32 // connections per run (Options.MaxConnections)
	resolver  *net.Resolver
	dialer    net.Dialer
	transport *http.Transport
	client    *http.Client
}

func newNetwork(allow []allowEntry, maxConns int32) *network {
	n := &network{allow: allow, maxConns: maxConns, resolver: net.DefaultResolver}
	n.transport = &http.Transport{
		Proxy:                  nil, // never an environment proxy: it would bypass the allow list
		DialContext:            n.dialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           4,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        30 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		DisableCompression:     true,
	}
	n.client = &http.Client{
		Transport: n.transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if _, ok := n.lookupAllowedFast(req.URL.Hostname(), portOf(req.URL)); !ok {
				return deniedAddr(req.URL.Hostname(), portOf(req.URL))
			}
			return nil
		},
	}
	return n
}

func (n *network) close() { n.transport.CloseIdleConnections() }

func portOf(u *url.URL) uint16 {
	if p := u.Port(); p != "" {
		v, err := strconv.ParseUint(p, 10, 16)
		if err != nil {
			return 0
		}
		return uint16(v)
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}

// lookupAllowedFast answers without DNS: ok when host:port is listed by
// name or IP. A name that is not listed may still pass resolveAllowed.
func (n *network) lookupAllowedFast(host string, port uint16) (netip.Addr, bool) {
	ip, err := netip.ParseAddr(host)
	if err == nil {
		ip = ip.Unmap()
	}
	h := normalHost(host)
	for _, e := range n.allow {
		if e.port != port {
			continue
		}
		if e.ip.IsValid() && ip.IsValid() && e.ip == ip {
			return ip, true
		}
		if e.host != "" && e.host == h {
			return ip, true
		}
	}
	if ip.IsValid() {
		return ip, false
	}
	// A name listed for no port at all cannot pass either way.
	return netip.Addr{}, n.anyIPEntry(port)
}

func (n *network) anyIPEntry(port uint16) bool {
	for _, e := range n.allow {
		if e.port == port && e.ip.IsValid() {
			return true
		}
	}
	return false
}

func (n *network) ipListed(ip netip.Addr, port uint16) bool {
	for _, e := range n.allow {
		if e.port == port && e.ip == ip {
			return true
		}
	}
	return false
}

// resolveAllowed returns the addresses host:port may be reached at, or
// errNotAllowed. A listed name is resolved and all its addresses used; an
// unlisted name passes only when every address it resolves to is listed.
func (n *network) resolveAllowed(ctx context.Context, host string, port uint16) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		if n.ipListed(ip, port) {
			return []netip.Addr{ip}, nil
		}
		return nil, deniedAddr(host, port)
	}
	h := normalHost(host)
	listed := false
	for _, e := range n.allow {
		if e.port == port && e.host != "" && e.host == h {
			listed = true
		}
	}
	if !listed && !n.anyIPEntry(port) {
		return nil, deniedAddr(host, port)
	}
	addrs, err := n.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%s has no addresses", host)
	}
	for i, a := range addrs {
		addrs[i] = a.Unmap()
		if !listed && !n.ipListed(addrs[i], port) {
			return nil, deniedAddr(host, port)
		}
	}
	return addrs, nil
}

// dialContext is the HTTP transport's dialer: it dials only addresses
// resolveAllowed returned, so a redirect or a DNS answer cannot reach
// anything else.
func (n *network) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return nil, err
	}
	return n.dialAllowed(ctx, host, uint16(p))
}

// dialAllowed connects to host:port when it is allowed, and when the run
// whose state ctx carries has a connection left under its cap.
func (n *network) dialAllowed(ctx context.Context, host string, port uint16) (net.Conn, error) {
	addrs, err := n.resolveAllowed(ctx, host, port)
	if err != nil {
		return nil, err
	}
	if st := stateOf(ctx); st != nil && !st.takeConn(n.maxConns) {
		return nil, errConnCap
	}
	var first error
	for _, a := range addrs {
		c, err := n.dialer.DialContext(ctx, "tcp", netip.AddrPortFrom(a, port).String())
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// get performs http_get: the status code, or a negative error, with at most
// len(body) bytes of the body copied into body. When the allow list refused
// the request (or a redirect of it), denied is the host:port refused.
func (n *network) get(ctx context.Context, rawURL string, body []byte) (code int32, denied string) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return netBadURL, ""
	}
	if _, ok := n.lookupAllowedFast(u.Hostname(), portOf(u)); !ok {
		return netNotAllowed, deniedAddr(u.Hostname(), portOf(u)).addr
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return netBadURL, ""
	}
	req.Header.Set("User-Agent", "healthlite-wasm/1")
	resp, err := n.client.Do(req)
	if err != nil {
		var d *deniedError
		switch {
		case errors.As(err, &d):
			return netNotAllowed, d.addr
		case errors.Is(err, errNotAllowed):
			return netNotAllowed, ""
		case errors.Is(err, errConnCap):
			return netCapped, ""
		}
		return netFailed, ""
	}
	defer resp.Body.Close()
	if len(body) > 0 {
		if _, err := io.ReadFull(resp.Body, body); err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return netFailed, ""
		}
	}
	return int32(resp.StatusCode), ""
}

// dial performs tcp_dial: 0 connected, -1 not allowed, -2 failed, -4 the
// run's connection cap is reached. When the allow list refused the address,
// denied is the host:port refused.
func (n *network) dial(ctx context.Context, addr string, timeoutMS int32) (code int32, denied string) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return netNotAllowed, addr
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return netNotAllowed, addr
	}
	if _, ok := n.lookupAllowedFast(host, uint16(p)); !ok {
		return netNotAllowed, deniedAddr(host, uint16(p)).addr
	}
	if timeoutMS > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(timeoutMS)*time.Millisecond)
		defer cancel()
	}
	c, err := n.dialAllowed(ctx, host, uint16(p))
	if err != nil {
		var d *deniedError
		switch {
		case errors.As(err, &d):
			return netNotAllowed, d.addr
		case errors.Is(err, errNotAllowed):
			return netNotAllowed, ""
		case errors.Is(err, errConnCap):
			return netCapped, ""
		}
		return netFailed, ""
	}
	c.Close()
	return 0, ""
}
