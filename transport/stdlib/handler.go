package stdlib

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// exchange is one request's core.Request and core.Response, pooled so that
// serving allocates nothing of its own. It also keeps the []string header
// values of the last response it wrote: net/http wants header values as
// slices, and a probe's answers rarely change, so they are reused.
type exchange struct {
	req  core.Request
	resp core.Response

	contentType    string
	contentTypeVal []string
	length         int
	lengthVal      []string
	extra          []headerVal
}

// headerVal is a response header and its value as net/http stores it.
type headerVal struct {
	key, value string
	val        []string
}

// maxScratch is the largest scratch buffer put back into the pool; a rare
// huge answer should not pin its memory for ever.
const maxScratch = 1 << 20

var exchanges = sync.Pool{New: func() any { return &exchange{length: -1} }}

// NewHandler returns an http.Handler that answers every healthlite endpoint
// from h's newest snapshot, to mount in a server of your own, at the root
// path by path or, with transport.WithPrefix, as a whole subtree:
//
//	mux.Handle("/health", stdlib.NewHandler(h))
//	mux.Handle("/ops/", stdlib.NewHandler(h, transport.WithPrefix("/ops")))
//
// It writes the router's status, Content-Type (never sniffed), extra headers,
// Content-Length and body; HEAD gets the Content-Length of the GET body and
// no body. A client on a loopback address or a unix socket counts as local
// for the Details policy.
func NewHandler(h *core.Health, opts ...transport.HandlerOption) http.Handler {
	return handler{h: h, mount: transport.NewMount(opts...)}
}

type handler struct {
	h     *core.Health
	tok   *transport.Token // nil: no token lets a client see details
	mount transport.Mount
}

func (hd handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := exchanges.Get().(*exchange)
	x.req = core.Request{
		Method:   r.Method,
		Path:     hd.mount.Path(r.URL.Path),
		RawQuery: r.URL.RawQuery,
		Local:    isLocal(r),
		Trusted:  hd.trusted(r),
	}
	if a := r.Header["Accept"]; len(a) > 0 {
		x.req.Accept = a[0]
	}
	x.resp = core.Response{Scratch: x.resp.Scratch[:0]}
	hd.h.Route(&x.req, &x.resp)
	x.write(w, r.Method == http.MethodHead)
	x.req = core.Request{}
	x.resp.Body, x.resp.Headers = nil, nil
	if cap(x.resp.Scratch) <= maxScratch {
		exchanges.Put(x)
	}
}

// write sends x.resp on w.
func (x *exchange) write(w http.ResponseWriter, head bool) {
	hdr := w.Header()
	if x.resp.ContentType != x.contentType || x.contentTypeVal == nil {
		x.contentType = x.resp.ContentType
		x.contentTypeVal = []string{x.contentType}
	}
	if x.contentType == "" {
		hdr["Content-Type"] = nil // a nil value stops net/http from sniffing
	} else {
		hdr["Content-Type"] = x.contentTypeVal
	}
	if len(x.resp.Body) != x.length {
		x.length = len(x.resp.Body)
		x.lengthVal = []string{strconv.Itoa(x.length)}
	}
	hdr["Content-Length"] = x.lengthVal
	for i, rh := range x.resp.Headers {
		if i == len(x.extra) {
			x.extra = append(x.extra, headerVal{})
		}
		e := &x.extra[i]
		if e.val == nil || e.key != rh.Key || e.value != rh.Value {
			*e = headerVal{key: rh.Key, value: rh.Value, val: []string{rh.Value}}
		}
		hdr[http.CanonicalHeaderKey(rh.Key)] = e.val // no copy when already canonical
	}
	// WriteHeader copies the header map, so the cached slices stay ours.
	status := x.resp.Status
	if status < 100 || status > 999 {
		status = http.StatusInternalServerError // a custom endpoint's mistake; net/http would panic
	}
	w.WriteHeader(status)
	if !head && len(x.resp.Body) > 0 {
		w.Write(x.resp.Body)
	}
}

// isLocal reports whether r comes from a loopback address or a unix socket.
// Over TCP the Host header must name loopback too (or be absent): a web page
// that reaches loopback through DNS rebinding sends a name of its own.
func isLocal(r *http.Request) bool {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap().IsLoopback() && (r.Host == "" || transport.LoopbackHost(r.Host))
	}
	if la, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		return la.Network() == "unix"
	}
	return false
}
