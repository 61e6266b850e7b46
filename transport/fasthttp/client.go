package fasthttp

import (
	"net"

	"github.com/healthlite/healthlite/transport"
	"github.com/valyala/fasthttp"
)

// client is where a connection comes from, as far as the Details policy
// cares: decided once per connection by the Server (see deadlineListener),
// once per request for a handler mounted in another server.
type client uint8

const (
	clientRemote   client = iota // another host: never local
	clientLoopback               // a loopback address: local when the request names loopback too
	clientUnix                   // a unix socket: local
)

// clientOfAddrs tells where a connection with these addresses comes from.
func clientOfAddrs(local, remote net.Addr) client {
	if _, ok := local.(*net.UnixAddr); ok {
		return clientUnix
	}
	switch a := remote.(type) {
	case *net.TCPAddr:
		if a.IP.IsLoopback() {
			return clientLoopback
		}
	case *net.UnixAddr:
		return clientUnix
	}
	return clientRemote
}

// clientOf returns where ctx's connection comes from: as the Server's
// deadlineConn recorded it at accept, under any wrappers that give their
// inner connection (TLS, the h2c split), else from the addresses.
func clientOf(ctx *fasthttp.RequestCtx) client {
	if c := serverConn(ctx.Conn()); c != nil {
		return c.client
	}
	return clientOfAddrs(ctx.LocalAddr(), ctx.RemoteAddr())
}

// isLocal reports whether the client, where cl says it is, is on a
// loopback address or a unix socket. Over TCP the host the request
// names must be loopback too (or absent): a web page that reaches loopback
// through DNS rebinding sends a name of its own. That host is authority, the
// one of an absolute-form target, as net/http reads it; else the Host
// header.
func isLocal(cl client, ctx *fasthttp.RequestCtx, authority string) bool {
	switch cl {
	case clientUnix:
		return true
	case clientLoopback:
		host := authority
		if host == "" {
			host = unsafeString(ctx.Request.Header.Host())
		}
		return host == "" || transport.LoopbackHost(host)
	}
	return false
}
