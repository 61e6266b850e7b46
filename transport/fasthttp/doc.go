// Package fasthttp serves the healthlite endpoints with
// github.com/valyala/fasthttp, allocating nothing per request.
//
// NewHandler returns a fasthttp.RequestHandler to mount in a server of your
// own; Server is a complete health server with hardened defaults (read,
// write and idle timeouts, a header size cap, a 1 KiB body cap, no Server
// header, a Date header rendered once a second) for a listener from
// transport.Listen.
//
// Every answer is the core router's, written as it is: status, exact
// Content-Type (no default one), extra headers, Content-Length and body;
// HEAD gets the Content-Length of the GET body and no body. Bodies held by
// the immutable snapshot are handed to fasthttp without a copy; bodies
// rendered per request (?exclude, /readyz/NAME) are copied into fasthttp's
// pooled response buffer.
//
// On Linux, Server.EventLoop puts an event loop of the Server's own in
// front of fasthttp: probes (GET and HEAD over plain HTTP/1.1) are read,
// routed and answered with one read and one write each from one goroutine
// on an epoll instance, as nginx answers them; every other connection is
// handed to fasthttp with what was read. The healthlite binary serves this
// way by default (--transport loop).
package fasthttp
