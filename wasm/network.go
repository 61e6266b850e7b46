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
	"time"

	"github.com/healthlite/healthlite/wasm/internal/allowlist"
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

// errConnCap refuses a connection past the run's cap (Options.MaxConnections).
var errConnCap = errors.New("the run's connection cap is reached")

// network implements http_get and tcp_dial for one check: deny by default,
// resolve names itself and connect only to addresses it checked.
type network struct {
	allow     allowlist.List
	maxConns  int32 // connections per run (Options.MaxConnections)
	resolver  *net.Resolver
	dialer    net.Dialer
	transport *http.Transport
	client    *http.Client
}

func newNetwork(allow allowlist.List, maxConns int32) *network {
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
			if !n.allow.MayReach(req.URL.Hostname(), portOf(req.URL)) {
				return allowlist.Denied(req.URL.Hostname(), portOf(req.URL))
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

// dialContext is the HTTP transport's dialer: it dials only addresses
// the allow list resolved, so a redirect or a DNS answer cannot reach
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
	addrs, err := n.allow.Resolve(ctx, n.resolver, host, port)
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
	if !n.allow.MayReach(u.Hostname(), portOf(u)) {
		return netNotAllowed, allowlist.Denied(u.Hostname(), portOf(u)).Addr
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return netBadURL, ""
	}
	req.Header.Set("User-Agent", "healthlite-wasm/1")
	resp, err := n.client.Do(req)
	if err != nil {
		var d *allowlist.DeniedError
		switch {
		case errors.As(err, &d):
			return netNotAllowed, d.Addr
		case errors.Is(err, allowlist.ErrNotAllowed):
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
	if !n.allow.MayReach(host, uint16(p)) {
		return netNotAllowed, allowlist.Denied(host, uint16(p)).Addr
	}
	if timeoutMS > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(timeoutMS)*time.Millisecond)
		defer cancel()
	}
	c, err := n.dialAllowed(ctx, host, uint16(p))
	if err != nil {
		var d *allowlist.DeniedError
		switch {
		case errors.As(err, &d):
			return netNotAllowed, d.Addr
		case errors.Is(err, allowlist.ErrNotAllowed):
			return netNotAllowed, ""
		case errors.Is(err, errConnCap):
			return netCapped, ""
		}
		return netFailed, ""
	}
	c.Close()
	return 0, ""
}

// deniedNote is what a failing check's message starts with when the allow
// list refused one of its run's requests: "127.0.0.1:8080 not allowed
// (--allow)", the option being allow= under serve and --allow under check.
func deniedNote(addr string) string { return addr + " not allowed (--allow)" }
