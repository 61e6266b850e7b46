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
package fasthttp
