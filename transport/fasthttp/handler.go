package fasthttp

import (
	"sync"
	"unsafe"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"github.com/valyala/fasthttp"
)

// exchange is one request's core.Request and core.Response, pooled (the way
// fasthttp pools its RequestCtx) so that serving allocates nothing.
type exchange struct {
	req  core.Request
	resp core.Response
	path []byte // the decoded path, when it had %-escapes
}

// maxScratch is the largest scratch buffer put back into the pool; a rare
// huge answer should not pin its memory for ever.
const maxScratch = 1 << 20

// headerAccept is the Accept header's name as fasthttp stores it:
// PeekCanonical finds it without Peek's copy and case folding of the name
// (~190 instructions a request), and finds what Peek finds, the name being
// canonical already (with DisableHeaderNamesNormalizing as well).
var headerAccept = []byte("Accept")

var exchanges = sync.Pool{New: func() any { return new(exchange) }}

// NewHandler returns a fasthttp.RequestHandler that answers every
// healthlite endpoint from h's newest snapshot, to mount in a server of your
// own; with transport.WithPrefix("/ops") it answers /ops/readyz/db as
// /readyz/db, with no rewriting of the URI. Serving allocates nothing once
// buffers have grown.
//
// It writes the router's status, Content-Type (no default one when the
// router gives none), extra headers, and body, whose length fasthttp sends
// as Content-Length; HEAD gets the Content-Length of the GET body and no
// body. A client on a loopback address or a unix socket counts as local
// for the Details policy.
//
// It reads the request target as received, as net/http does, not
// fasthttp's normalised URI: "//health" or "/x/../health" is not /health
// (404), an absolute-form target's authority is the host, and a header name
// that is not a token (such as one with a space) gets 400.
func NewHandler(h *core.Health, opts ...transport.HandlerOption) fasthttp.RequestHandler {
	return newHandler(h, nil, transport.NewMount(opts...))
}

// newHandler is NewHandler letting the clients that send tok, or a
// verified client certificate, see details.
func newHandler(h *core.Health, tok *transport.Token, m transport.Mount) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) { serve(h, tok, m, ctx, clientOf(ctx)) }
}

// serve answers ctx from h for a client cl.
func serve(h *core.Health, tok *transport.Token, m transport.Mount, ctx *fasthttp.RequestCtx, cl client) {
	if !validHeaderNames(ctx.Request.Header.RawHeaders()) {
		ctx.Error("400 bad request: invalid header name\n", fasthttp.StatusBadRequest)
		ctx.SetConnectionClose()
		return
	}
	x := exchanges.Get().(*exchange)
	// The strings alias fasthttp's buffers (and x.path) only while Route runs.
	authority, path, query := splitTarget(unsafeString(ctx.Request.Header.RequestURI()))
	if hasEscape(path) {
		x.path = appendPath(x.path[:0], path)
		path = unsafeString(x.path)
	}
	x.req = core.Request{
		Method:   unsafeString(ctx.Method()),
		Path:     m.Path(path),
		RawQuery: query,
		Accept:   unsafeString(ctx.Request.Header.PeekCanonical(headerAccept)),
		Local:    isLocal(cl, ctx, authority),
		Trusted:  trusted(ctx, tok),
	}
	x.resp = core.Response{Scratch: x.resp.Scratch[:0]}
	h.Route(&x.req, &x.resp)

	r := &ctx.Response
	r.SetStatusCode(x.resp.Status)
	if x.resp.ContentType == "" {
		r.Header.SetNoDefaultContentType(true)
	} else {
		r.Header.SetContentType(x.resp.ContentType)
	}
	for _, hd := range x.resp.Headers {
		r.Header.Set(hd.Key, hd.Value)
	}
	// fasthttp writes the body after this handler returns, when the
	// exchange is back in the pool: a Fixed body (the immutable snapshot's)
	// is sent as it is, any other copied. For HEAD, fasthttp sends its
	// length and skips it.
	if x.resp.Fixed {
		r.SetBodyRaw(x.resp.Body)
	} else {
		r.SetBody(x.resp.Body)
	}
	x.req = core.Request{}
	x.resp.Body, x.resp.Headers = nil, nil
	if cap(x.resp.Scratch) <= maxScratch && cap(x.path) <= maxScratch {
		exchanges.Put(x)
	}
}

// unsafeString returns b as a string without copying.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
