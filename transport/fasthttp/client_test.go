package fasthttp

import (
	"crypto/tls"
	"net"
	"testing"

	"github.com/healthlite/healthlite/internal/tcptest"
	"github.com/healthlite/healthlite/transport"
	"github.com/valyala/fasthttp"
)

// TestClientRecordedPerConnection checks that a request on the Server's
// connection reads where the client is from the record made at accept,
// found under the h2c split and TLS, instead of asking the addresses again:
// the record is overwritten, and every request must see the new value.
func TestClientRecordedPerConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dl := transport.SplitH2C(lazyDeadlines(ln, timeouts{}), func(c net.Conn) { c.Close() })
	_, sc := tcptest.Accept(t, dl)
	d := sc.(interface{ NetConn() net.Conn }).NetConn().(*deadlineConn)
	if d.client != clientLoopback {
		t.Fatalf("client of a loopback connection recorded as %d, want %d (loopback)", d.client, clientLoopback)
	}
	for _, rec := range []client{clientRemote, clientUnix} {
		d.client = rec
		for name, c := range map[string]net.Conn{"plain": d, "h2c split": sc, "TLS": tls.Server(d, &tls.Config{})} {
			ctx := new(fasthttp.RequestCtx)
			ctx.Init2(c, nil, false)
			if got := clientOf(ctx); got != rec {
				t.Errorf("%s: client %d, want the recorded %d", name, got, rec)
			}
		}
	}
}

func TestClientOfAddrs(t *testing.T) {
	unix := &net.UnixAddr{Name: "/run/h.sock", Net: "unix"}
	for _, tt := range []struct {
		local, remote net.Addr
		want          client
	}{
		{loopback, loopback, clientLoopback},
		{loopback, &net.TCPAddr{IP: net.IPv6loopback, Port: 1}, clientLoopback},
		{loopback, &net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 1}, clientRemote},
		{unix, &net.UnixAddr{Name: "", Net: "unix"}, clientUnix},
		{loopback, unix, clientUnix},
		{loopback, nil, clientRemote},
	} {
		if got := clientOfAddrs(tt.local, tt.remote); got != tt.want {
			t.Errorf("clientOfAddrs(%v, %v) = %d, want %d", tt.local, tt.remote, got, tt.want)
		}
	}
}
