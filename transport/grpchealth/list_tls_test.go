package grpchealth

import (
	"crypto/tls"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/healthlite/healthlite/internal/healthwire"
	"github.com/healthlite/healthlite/internal/testcert"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/internal/h2test"
)

// TestListTrustsVerifiedClients: over TLS, a client naming another host
// sees the check names in List when it shows a certificate the server's
// client CAs verified, or sends the token as "authorization: Bearer"
// metadata; not with no certificate, a wrong token, or another scheme.
func TestListTrustsVerifiedClients(t *testing.T) {
	ca := testcert.NewCA(t, "test CA")
	dir := t.TempDir()
	tokFile := filepath.Join(dir, "token")
	const secret = "list-token-0123"
	if err := os.WriteFile(tokFile, []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	tok, err := transport.LoadToken(tokFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, &Server{Token: tok})
	server := ca.Issue(t, testcert.Options{})
	tlsLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{server.TLS(t)}, ClientCAs: ca.Pool(),
		ClientAuth: tls.VerifyClientCertIfGiven, NextProtos: []string{"h2"}}
	go f.srv.Serve(tls.NewListener(tlsLn, cfg))
	client := ca.Issue(t, testcert.Options{Client: true, Names: []string{"prober"}})

	names := func(id uint32, certs []tls.Certificate, extra ...string) int {
		t.Helper()
		nc, err := tls.Dial("tcp", tlsLn.Addr().String(), &tls.Config{RootCAs: ca.Pool(), Certificates: certs, NextProtos: []string{"h2"}})
		if err != nil {
			t.Fatal(err)
		}
		c := newRawClient(t, h2test.New(t, nc))
		fields := append([]string{":method", "POST", ":scheme", "https", ":path", servicePrefix + "List",
			":authority", "healthlite.example", "content-type", "application/grpc"}, extra...)
		c.Fr.WriteHeaders(hp(id, encodeBlock(fields...)))
		c.Fr.WriteData(id, true, healthwire.AppendMessage(nil, nil))
		c.Flush()
		r := c.read(id)
		if r.trailers["grpc-status"] != "0" || len(r.msgs) != 1 {
			t.Fatalf("List: %v", r.trailers)
		}
		n := 0
		ParseList(r.msgs[0], func(name string, _ Status) {
			if !isFixed(name) {
				n++
			}
		})
		return n
	}
	mine := []tls.Certificate{client.TLS(t)}
	if n := names(1, nil); n != 0 {
		t.Errorf("a remote client without a certificate sees %d check names", n)
	}
	if n := names(1, mine); n != 2 {
		t.Errorf("a remote client with a verified certificate sees %d check names, want 2", n)
	}
	if n := names(1, nil, "authorization", "Bearer "+secret); n != 2 {
		t.Errorf("a remote client with the token sees %d check names, want 2", n)
	}
	if n := names(1, nil, "authorization", "Bearer list-token-XXXX"); n != 0 {
		t.Errorf("a remote client with a wrong token sees %d check names", n)
	}
	if n := names(1, nil, "authorization", "Basic "+secret); n != 0 {
		t.Errorf("a remote client with the token under another scheme sees %d check names", n)
	}
}
