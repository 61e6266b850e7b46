//go:build !race

package fasthttp_test

import (
	"bufio"
	"crypto/tls"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// TestTLSKeepAliveAllocatesNothing sends keep-alive requests over one TLS
// connection to a real server: after the handshake, healthlite and
// fasthttp add no allocation to a request and its answer, with and
// without the details token. crypto/tls itself allocates once per record
// read (its atLeastReader escapes), on each side: AllocsPerRun counts the
// whole process, so the round trip is compared with the same one against
// a bare crypto/tls server that answers the same bytes.
func TestTLSKeepAliveAllocatesNothing(t *testing.T) {
	p := newTLSPair(t)
	tokFile := filepath.Join(p.dir, "token")
	os.WriteFile(tokFile, []byte("secret-token"), 0o600)
	tok, err := transport.LoadToken(tokFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	cas, err := transport.LoadClientCAs(p.ca.WriteCA(t, p.dir, "ca.pem"), nil)
	if err != nil {
		t.Fatal(err)
	}
	addr := transporttest.Serve(t, &fasthttp.Server{Health: transporttest.NewBenchHealth(t), Logger: transporttest.Logger(t),
		GRPC: &grpchealth.Server{}, TLS: transport.ServerTLS(p.kp, cas), Token: tok})
	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: p.ca.Pool()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	for _, req := range []string{
		"GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /health?verbose HTTP/1.1\r\nHost: healthlite.example\r\nAuthorization: Bearer secret-token\r\n\r\n",
	} {
		// The first answer gives the length of the others.
		io.WriteString(c, req)
		br := bufio.NewReader(c)
		buf := make([]byte, answerSize(t, br))
		if br.Buffered() != 0 {
			t.Fatalf("%d bytes past the first answer", br.Buffered())
		}
		reqB := []byte(req)
		allocs := testing.AllocsPerRun(200, func() {
			c.Write(reqB)
			if _, err := io.ReadFull(c, buf); err != nil {
				t.Fatal(err)
			}
		})
		if bare := bareTLSAllocs(t, p, len(reqB), len(buf)); allocs != bare {
			t.Errorf("%q: %v allocs per keep-alive request over TLS, want %v as a bare crypto/tls server", strings.SplitN(req, "\r\n", 2)[0], allocs, bare)
		} else {
			t.Logf("%q: %v allocs per round trip, client and server, all crypto/tls's", strings.SplitN(req, "\r\n", 2)[0], allocs)
		}
		if !strings.HasPrefix(string(buf), "HTTP/1.1 ") {
			t.Fatalf("answer %q", buf)
		}
	}
}

// bareTLSAllocs measures AllocsPerRun of a round trip of reqLen bytes out
// and respLen back against a crypto/tls server that only reads and writes.
func bareTLSAllocs(t *testing.T, p tlsPair, reqLen, respLen int) float64 {
	pair, err := tls.LoadX509KeyPair(p.cert, p.key)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		s, err := ln.Accept()
		if err != nil {
			return
		}
		defer s.Close()
		in, out := make([]byte, reqLen), make([]byte, respLen)
		for {
			if _, err := io.ReadFull(s, in); err != nil {
				return
			}
			if _, err := s.Write(out); err != nil {
				return
			}
		}
	}()
	c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: p.ca.Pool()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Minute))
	req, buf := make([]byte, reqLen), make([]byte, respLen)
	round := func() {
		c.Write(req)
		if _, err := io.ReadFull(c, buf); err != nil {
			t.Fatal(err)
		}
	}
	round()
	return testing.AllocsPerRun(200, round)
}
