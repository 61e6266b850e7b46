package dnstest_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/dnstest"
	"golang.org/x/net/dns/dnsmessage"
)

// resolver asks only the server at addr.
func resolver(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

func TestServeAnswersAsTheHandlerSays(t *testing.T) {
	v4, v6 := netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("2001:db8::1")
	var aQuestions atomic.Int64
	addr := dnstest.Serve(t, func(name string, qtype dnsmessage.Type) ([]netip.Addr, bool) {
		if qtype == dnsmessage.TypeA {
			aQuestions.Add(1)
		}
		switch name {
		case "both.test.":
			return []netip.Addr{v4, v6}, true
		case "empty.test.":
			return nil, true
		}
		return nil, false
	})
	r := resolver(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	got, err := r.LookupNetIP(ctx, "ip", "both.test")
	slices.SortFunc(got, netip.Addr.Compare)
	if err != nil || !slices.Equal(got, []netip.Addr{v4, v6}) {
		t.Errorf("both.test: %v %v, want %v and %v (A and AAAA)", got, err, v4, v6)
	}
	if got, err := r.LookupNetIP(ctx, "ip4", "both.test"); err != nil || !slices.Equal(got, []netip.Addr{v4}) {
		t.Errorf("both.test, IPv4 only: %v %v, want %v", got, err, v4)
	}
	var dnsErr *net.DNSError
	if _, err := r.LookupNetIP(ctx, "ip", "nope.test"); !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		t.Errorf("nope.test: %v, want not found (NXDOMAIN)", err)
	}
	if got, err := r.LookupNetIP(ctx, "ip4", "empty.test"); err == nil || len(got) != 0 {
		t.Errorf("empty.test: %v %v, want no address", got, err)
	}
	if aQuestions.Load() < 3 {
		t.Errorf("the handler saw %d A questions, want one a lookup (3)", aQuestions.Load())
	}
}
