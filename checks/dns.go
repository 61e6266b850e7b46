package checks

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/healthlite/healthlite/core"
)

// DNSOptions are the settings of DNS; the zero value asks the system
// resolver and passes on any answer.
type DNSOptions struct {
	// Expect, when valid, is an address the answer must include.
	Expect netip.Addr
	// Server, when set, is the HOST:PORT of the DNS server to ask instead of
	// the ones in /etc/resolv.conf (search domains and /etc/hosts still
	// apply).
	Server string
}

// DNS returns a check that name resolves within the timeout, with Go's own
// resolver reading /etc/resolv.conf and /etc/hosts (no cgo, no libc). Its
// message reads "db.internal resolved to 10.0.0.5, 10.0.0.6 in 2ms", and
// Value is the latency in seconds.
func DNS(name string, opts DNSOptions) core.Checker {
	c := &dnsCheck{name: name, expect: opts.Expect, r: net.DefaultResolver}
	if opts.Server != "" {
		server := opts.Server
		c.r = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, server)
		}}
	}
	return c
}

type dnsCheck struct {
	name   string
	expect netip.Addr
	r      *net.Resolver
}

func (c *dnsCheck) Check(ctx context.Context, r *core.Result) {
	start := time.Now()
	addrs, err := c.r.LookupNetIP(ctx, "ip", c.name)
	elapsed := time.Since(start)
	if err != nil {
		r.Status = core.StatusFail
		if ctx.Err() != nil {
			r.Message = "lookup " + c.name + ": " + doneMessage(ctx, start)
		} else {
			r.Message = err.Error()
		}
		return
	}
	list := make([]string, len(addrs))
	found := false
	for i, a := range addrs {
		a = a.Unmap()
		list[i] = a.String()
		found = found || a == c.expect
	}
	r.Value, r.HasValue = elapsed.Seconds(), true
	r.Message = c.name + " resolved to " + strings.Join(list, ", ") + " in " + round(elapsed).String()
	if c.expect.IsValid() && !found {
		r.Status = core.StatusFail
		r.Message += ", not to " + c.expect.String()
		return
	}
	r.Status = core.StatusPass
}
