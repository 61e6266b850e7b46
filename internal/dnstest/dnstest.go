// Package dnstest runs a DNS server on a loopback UDP port for tests, as
// net/http/httptest does for HTTP, so that a test of code that resolves
// names decides the answers without touching the system's resolver.
package dnstest

import (
	"net"
	"net/netip"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// A Handler says what the server answers to a question for name (fully
// qualified: "db.example.") of type qtype: the addresses, of which those
// of the question's family are sent (IPv4 for A, IPv6 for AAAA, none for
// other types), and whether the name exists (false: NXDOMAIN).
type Handler func(name string, qtype dnsmessage.Type) (addrs []netip.Addr, exists bool)

// Serve listens on 127.0.0.1:0 over UDP and returns the address,
// "127.0.0.1:PORT". It answers each query's first question as h says,
// authoritatively, with the question echoed; a query it cannot parse gets
// no answer. The server stops when the test ends.
func Serve(tb testing.TB, h Handler) string {
	tb.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if msg, ok := reply(buf[:n], h); ok {
				pc.WriteTo(msg, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

// reply builds the answer to query.
func reply(query []byte, h Handler) ([]byte, bool) {
	var p dnsmessage.Parser
	hdr, err := p.Start(query)
	if err != nil {
		return nil, false
	}
	q, err := p.Question()
	if err != nil {
		return nil, false
	}
	addrs, exists := h(q.Name.String(), q.Type)
	rcode := dnsmessage.RCodeSuccess
	if !exists {
		rcode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: hdr.ID, Response: true, Authoritative: true,
		RecursionDesired: hdr.RecursionDesired, RecursionAvailable: true, RCode: rcode})
	b.EnableCompression()
	b.StartQuestions()
	b.Question(q)
	b.StartAnswers()
	rh := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
	for _, a := range addrs {
		switch {
		case exists && q.Type == dnsmessage.TypeA && a.Is4():
			b.AResource(rh, dnsmessage.AResource{A: a.As4()})
		case exists && q.Type == dnsmessage.TypeAAAA && a.Is6() && !a.Is4In6():
			b.AAAAResource(rh, dnsmessage.AAAAResource{AAAA: a.As16()})
		}
	}
	msg, err := b.Finish()
	return msg, err == nil
}
