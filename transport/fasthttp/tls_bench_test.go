package fasthttp_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/testcert"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// BenchmarkTLS serves GET /livez over TLS (ECDSA P-256) and, for
// comparison, plain HTTP: one request per kept-alive connection, and one
// connection per request (a full handshake each, as a kubelet probe
// makes). Client and server run in this process: the figures hold the
// handshake work of both sides.
func BenchmarkTLS(b *testing.B) {
	h := transporttest.NewBenchHealth(b)
	ca := testcert.NewCA(b, "CA")
	cert, key := ca.Issue(b, testcert.Options{}).Write(b, b.TempDir(), "server")
	kp, err := transport.LoadKeyPair(cert, key, transporttest.Logger(b))
	if err != nil {
		b.Fatal(err)
	}
	serve := func(cfg *tls.Config) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		srv := &fasthttp.Server{Health: h, Logger: transporttest.Logger(b), TLS: cfg, MaxConns: -1}
		go srv.Serve(ln)
		b.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
		})
		return ln.Addr().String()
	}
	tlsAddr, plainAddr := serve(transport.ServerTLS(kp, nil)), serve(nil)
	client := &tls.Config{RootCAs: ca.Pool()} // no session cache: a full handshake each time
	dial := func(addr string, useTLS bool) net.Conn {
		var c net.Conn
		var err error
		if useTLS {
			c, err = tls.Dial("tcp", addr, client)
		} else {
			c, err = net.Dial("tcp", addr)
		}
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	const req = "GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n"
	const reqClose = "GET /livez HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
	length := func(c net.Conn) int { // of one answer, read from c
		br := bufio.NewReader(c)
		n, body := 0, 0
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				b.Fatal(err)
			}
			n += len(line)
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				body, _ = strconv.Atoi(strings.TrimSpace(v))
			}
			if line == "\r\n" {
				br.Discard(body)
				return n + body
			}
		}
	}
	for _, tc := range []struct {
		name   string
		addr   string
		useTLS bool
	}{{"tls", tlsAddr, true}, {"plain", plainAddr, false}} {
		b.Run(tc.name+"/keep-alive", func(b *testing.B) {
			c := dial(tc.addr, tc.useTLS)
			defer c.Close()
			io.WriteString(c, req)
			buf := make([]byte, length(c))
			r := []byte(req)
			b.ReportAllocs()
			for b.Loop() {
				c.Write(r)
				if _, err := io.ReadFull(c, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(tc.name+"/new-connection", func(b *testing.B) {
			r := []byte(reqClose)
			buf := make([]byte, 4096)
			b.ReportAllocs()
			for b.Loop() {
				c := dial(tc.addr, tc.useTLS)
				c.Write(r)
				for {
					if _, err := c.Read(buf); err != nil {
						break
					}
				}
				c.Close()
			}
		})
	}
}
