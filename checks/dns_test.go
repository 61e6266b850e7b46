package checks

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/dnstest"
	"golang.org/x/net/dns/dnsmessage"
)

// dnsServer answers on 127.0.0.1 over UDP: an A record for each name of
// records, NXDOMAIN for any other name. It stops when t ends.
func dnsServer(t *testing.T, records map[string]netip.Addr) string {
	t.Helper()
	return dnstest.Serve(t, func(name string, _ dnsmessage.Type) ([]netip.Addr, bool) {
		addr, known := records[name]
		if !known {
			return nil, false
		}
		return []netip.Addr{addr}, true
	})
}

func TestDNS(t *testing.T) {
	server := dnsServer(t, map[string]netip.Addr{"db.healthlite.test.": netip.MustParseAddr("10.1.2.3")})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	run := func(c core.Checker) core.Result {
		var r core.Result
		c.Check(ctx, &r)
		return r
	}
	r := run(DNS("db.healthlite.test", DNSOptions{Server: server}))
	if r.Status != core.StatusPass || !strings.HasPrefix(r.Message, "db.healthlite.test resolved to 10.1.2.3 in ") || !r.HasValue {
		t.Errorf("a name that resolves: %v %q", r.Status, r.Message)
	}
	r = run(DNS("db.healthlite.test", DNSOptions{Server: server, Expect: netip.MustParseAddr("10.1.2.3")}))
	if r.Status != core.StatusPass {
		t.Errorf("the expected address: %v %q", r.Status, r.Message)
	}
	r = run(DNS("db.healthlite.test", DNSOptions{Server: server, Expect: netip.MustParseAddr("10.9.9.9")}))
	if r.Status != core.StatusFail || !strings.HasSuffix(r.Message, ", not to 10.9.9.9") {
		t.Errorf("another address expected: %v %q", r.Status, r.Message)
	}
	r = run(DNS("nope.healthlite.test", DNSOptions{Server: server}))
	if r.Status != core.StatusFail || !strings.Contains(r.Message, "no such host") {
		t.Errorf("a name that does not resolve: %v %q", r.Status, r.Message)
	}
	// A server that never answers: the check ends with its context.
	silent, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	short, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel2()
	var rr core.Result
	DNS("db.healthlite.test", DNSOptions{Server: silent.LocalAddr().String()}).Check(short, &rr)
	if rr.Status != core.StatusFail || !strings.Contains(rr.Message, "timeout") {
		t.Errorf("a silent server: %v %q", rr.Status, rr.Message)
	}
}
