package fasthttp_test

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"testing"

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
	p := newTLSPair(b)
	serve := func(cfg *tls.Config) string {
		return transporttest.Serve(b, &fasthttp.Server{Health: h, Logger: transporttest.Logger(b), TLS: cfg, MaxConns: -1})
	}
	tlsAddr, plainAddr := serve(transport.ServerTLS(p.kp, nil)), serve(nil)
	client := &tls.Config{RootCAs: p.ca.Pool()} // no session cache: a full handshake each time
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
	for _, tc := range []struct {
		name   string
		addr   string
		useTLS bool
	}{{"tls", tlsAddr, true}, {"plain", plainAddr, false}} {
		b.Run(tc.name+"/keep-alive", func(b *testing.B) {
			c := dial(tc.addr, tc.useTLS)
			defer c.Close()
			io.WriteString(c, req)
			buf := make([]byte, answerSize(b, bufio.NewReader(c)))
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
