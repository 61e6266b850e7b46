package core

// Request is what the router needs to know of an HTTP request. Transports fill
// it from their own request type without copying (the strings may alias the
// transport's buffers for the duration of one Route call).
type Request struct {
	Method   string // "GET", "HEAD", …
	Path     string // "/readyz/db", without the query
	RawQuery string // "verbose&exclude=db", without the '?'
	Accept   string // the Accept header, "" when absent
	// Local reports that the client is on a loopback address (or a unix
	// socket). Detail policies that show check messages only to local
	// clients read it.
	Local bool
	// Trusted reports that the client proved who it is (a bearer token, a
	// verified client certificate): the Details policy DetailsLocal shows
	// it details as it does a local client.
	Trusted bool
}

// Header is one extra response header the router asks the transport to send.
type Header struct {
	Key, Value string
}

// Response is what the router answers. Transports write Status, a
// Content-Type of ContentType (omitted when empty), the Headers, a
// Content-Length of len(Body), and Body (except for HEAD, where the router
// still sets Body so that its length can be sent).
//
// Body either points into an immutable snapshot or into Scratch; Body and
// Headers may be shared with other responses and must not be modified. A transport
// keeps Scratch between requests (Scratch[:0]) so that variants rendered per
// request, such as ?exclude=NAME or a metrics scrape, allocate nothing once
// the buffer has grown.
type Response struct {
	Status      int
	ContentType string
	Headers     []Header
	Body        []byte
	Scratch     []byte
	// Fixed reports that Body is memory that never changes (a snapshot's
	// body or a fixed one): a transport may send it after Scratch is reused,
	// without a copy. When false, Body may lie in Scratch and must be
	// copied (or written) before Scratch is reused. The router sets it; a
	// custom endpoint that answers from a buffer of its own that it never
	// changes may set it too.
	Fixed bool
}
