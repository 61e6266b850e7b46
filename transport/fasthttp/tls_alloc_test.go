//go:build !race

package fasthttp_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/testcert"
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
	h := transporttest.NewBenchHealth(t)
	ca := testcert.NewCA(t, "CA")
	dir := t.TempDir()
	cert, key := ca.Issue(t, testcert.Options{}).Write(t, dir, "server")
	kp, err := transport.LoadKeyPair(cert, key, transporttest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	tokFile := filepath.Join(dir, "token")
	os.WriteFile(tokFile, []byte("secret-token"), 0o600)
	tok, err := transport.LoadToken(tokFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	cas, err := transport.LoadClientCAs(ca.WriteCA(t, dir, "ca.pem"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &fasthttp.Server{Health: h, Logger: transporttest.Logger(t), GRPC: &grpchealth.Server{}, TLS: transport.ServerTLS(kp, cas), Token: tok}
	go srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: ca.Pool()})
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
		n, length := 0, 0
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			n += len(line)
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
			if line == "\r\n" {
				break
			}
		}
		if _, err := br.Discard(length); err != nil || br.Buffered() != 0 {
			t.Fatal(err, br.Buffered())
		}
		buf := make([]byte, n+length)
		reqB := []byte(req)
		allocs := testing.AllocsPerRun(200, func() {
			c.Write(reqB)
			if _, err := io.ReadFull(c, buf); err != nil {
				t.Fatal(err)
			}
		})
		if bare := bareTLSAllocs(t, ca, cert, key, len(reqB), len(buf)); allocs != bare {
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
func bareTLSAllocs(t *testing.T, ca *testcert.CA, cert, key string, reqLen, respLen int) float64 {
	pair, err := tls.LoadX509KeyPair(cert, key)
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
	c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: ca.Pool()})
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
