// Package stdlib serves the healthlite endpoints with net/http, with no
// dependency beyond the standard library.
//
// NewHandler mounts the endpoints in a server of your own; Server is a
// complete health server with hardened defaults (read-header, read, write
// and idle timeouts, a header size cap, a 1 KiB body cap) for a listener
// from transport.Listen.
//
// Every answer is the core router's, written as it is: status, exact
// Content-Type (never sniffed), extra headers, Content-Length and body;
// HEAD gets the Content-Length of the GET body and no body; net/http adds
// its Date header. The transport pools its request state, so a request
// costs no more allocations than a bare net/http handler writing a fixed
// body. For the fewest allocations per request, use transport/fasthttp.
package stdlib
