package core

import (
	"sync"
)

// endpoint is a route of the router.
type endpoint uint8

const (
	epNone endpoint = iota
	epHealth
	epHealthz
	epLivez
	epReadyz
	epLivezCheck
	epReadyzCheck
	epMetrics
	epStatus
	epCustom
)

// The content types the router answers with.
const (
	contentJSON       = "application/json"
	contentHealthJSON = "application/health+json"
	contentText       = "text/plain; charset=utf-8"
)

// Fixed bodies and header sets. They are shared by every response and must
// not be modified by transports.
var (
	bodyNotFound         = []byte("404 page not found\n")
	bodyMethodNotAllowed = []byte("405 method not allowed\n")
	headersAllow         = []Header{{Key: "Allow", Value: "GET, HEAD"}}
	headersHealthPlus    = []Header{{Key: "Cache-Control", Value: "max-age=1"}}
)

// route finds the endpoint of path, and the check name of /readyz/NAME and
// /livez/NAME.
func route(path string) (endpoint, string) {
	switch path {
	case "/health":
		return epHealth, ""
	case "/healthz":
		return epHealthz, ""
	case "/livez":
		return epLivez, ""
	case "/readyz":
		return epReadyz, ""
	case "/metrics":
		return epMetrics, ""
	case "/status":
		return epStatus, ""
	}
	if len(path) > len("/readyz/") && path[:len("/readyz/")] == "/readyz/" {
		return epReadyzCheck, path[len("/readyz/"):]
	}
	if len(path) > len("/livez/") && path[:len("/livez/")] == "/livez/" {
		return epLivezCheck, path[len("/livez/"):]
	}
	return epNone, ""
}

// Handle registers fn for requests to path (exact match, without the query),
// for custom endpoints such as the bot server's /custom. A custom endpoint
// takes precedence over a built-in one of the same path. fn answers every
// method itself, runs on the probe path, and should not allocate if the
// endpoint is probed often. Handle with a nil fn removes the endpoint.
func (h *Health) Handle(path string, fn func(req *Request, resp *Response)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	next := map[string]func(*Request, *Response){}
	if old := h.handlers.Load(); old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	if fn == nil {
		delete(next, path)
	} else {
		next[path] = fn
	}
	h.handlers.Store(&next)
}

// HandlesCustom reports whether a handler registered with Handle answers
// path. Such a handler is the caller's code and may block, where Route
// otherwise only reads a snapshot: an event loop that serves requests on one
// goroutine (transport/fasthttp's Server.EventLoop) gives them to a
// goroutine of their own instead.
func (h *Health) HandlesCustom(path string) bool {
	if hs := h.handlers.Load(); hs != nil {
		_, ok := (*hs)[path]
		return ok
	}
	return false
}

// Route answers req into resp from the newest snapshot: a pure function of
// the request and that snapshot, which never runs a check and, given a
// Scratch buffer that has grown, never allocates. (The first request for a
// body no client asked for before is rendered into Scratch and has the
// snapshot re-rendered with it: by the scheduler when it runs, else at once,
// which allocates that once.)
//
// /health answers the bot server's JSON document, or health+json when
// Accept prefers application/health+json; /healthz, /livez and /readyz
// answer in the Kubernetes text form, /readyz/NAME and /livez/NAME for one
// check, /metrics the registry in the format the client asks for (JSON by
// default; see metrics.Negotiate), its detail series (labels taken from
// check output) only to clients Options.Details allows.
// Passing (pass or warn) answers 200, anything else 503. ?verbose
// adds details and ?exclude=NAME (repeatable) leaves checks out of the
// Kubernetes endpoints; details are shown as Options.Details allows. GET and
// HEAD are answered (HEAD with Body set for its length, for the transport
// not to write), other methods get 405 with Allow, unknown paths 404.
func (h *Health) Route(req *Request, resp *Response) {
	h.own.count(h.route(req, resp), resp.Status)
}

// route is Route without the counting of probes; it returns the endpoint
// that answered.
func (h *Health) route(req *Request, resp *Response) endpoint {
	resp.Headers, resp.Fixed = nil, false
	if hs := h.handlers.Load(); hs != nil {
		if fn, ok := (*hs)[req.Path]; ok {
			callCustom(fn, req, resp)
			return epCustom
		}
	}
	ep, name := route(req.Path)
	if ep == epStatus && h.page == nil {
		ep = epNone
	}
	if ep == epNone {
		resp.Status, resp.ContentType, resp.Body, resp.Fixed = 404, contentText, bodyNotFound, true
		return ep
	}
	if req.Method != "GET" && req.Method != "HEAD" {
		resp.Status, resp.ContentType, resp.Body, resp.Fixed = 405, contentText, bodyMethodNotAllowed, true
		resp.Headers = headersAllow
		return ep
	}
	if ep == epMetrics {
		f := h.formats.negotiate(req.Accept, req.RawQuery)
		resp.Status, resp.ContentType = 200, f.ContentType()
		if h.opts.Details.allowed(req) {
			resp.Body = h.reg.Append(resp.Scratch[:0], f)
		} else {
			resp.Body = h.reg.AppendPublic(resp.Scratch[:0], f)
		}
		resp.Scratch = resp.Body
		return ep
	}
	s := h.snap.Load()
	if ep == epStatus {
		h.serveStatusPage(s, h.opts.Details.allowed(req), resp)
		return ep
	}
	q := parseQuery(req.RawQuery)
	v, r := 0, reasonsOmitted
	if q.verbose {
		r = reasonsHidden
		if h.opts.Details.allowed(req) {
			v, r = 1, reasonsShown
		}
	}
	switch ep {
	case epHealth:
		ok := s.Healthy()
		id := bodyHealth + bodyID(v)
		resp.ContentType, resp.Headers = contentJSON, s.lbh[0]
		if wantsHealthPlusJSON(req.Accept) {
			id = bodyHealthPlus + bodyID(v)
			resp.ContentType, resp.Headers = contentHealthJSON, s.lbh[1]
		}
		resp.Body, resp.Fixed = h.body(s, id, resp.Scratch)
		if !resp.Fixed {
			resp.Scratch = resp.Body
		}
		resp.Status = h.code(ok)
		if s.maint.On {
			resp.Status = h.opts.DrainingCode
		}
	case epHealthz, epLivez, epReadyz:
		resp.ContentType = contentText
		resp.Headers = s.lbh[0]
		if !q.exclude && r != reasonsHidden {
			resp.Body, resp.Fixed = h.body(s, kubeBody(ep, v), resp.Scratch)
			if !resp.Fixed {
				resp.Scratch = resp.Body
			}
			ok := passing(s.all)
			switch ep {
			case epLivez:
				ok = s.Live()
			case epReadyz:
				ok = s.Ready()
			}
			resp.Status = h.kubeCode(s, ep, ok)
			return ep
		}
		var ex excludeSet
		ex.set(&q, s)
		var ok bool
		resp.Body, ok = s.appendKube(resp.Scratch[:0], ep, r, &ex)
		resp.Scratch = resp.Body
		resp.Status = h.kubeCode(s, ep, ok)
	case epReadyzCheck, epLivezCheck:
		// The check's line, or why there is none: "db is not in the live
		// group" when it counts for other probes only, "no check named
		// nope" when there is no such check.
		g, word := kubeGroups(ep)
		b := resp.Scratch[:0]
		resp.Status = 404
		for i := range s.checks {
			c := &s.checks[i]
			if c.Name != name {
				continue
			}
			if c.Groups&g == 0 {
				b = append(appendText(b, name), " is not in the "...)
				b = append(append(b, word[:len(word)-1]...), " group\n"...)
				break
			}
			b = appendCheckText(b, c, r, s.at)
			resp.Status, resp.Headers = h.code(passing(c.Status)), s.lbh[0]
			break
		}
		if len(b) == 0 {
			b = append(appendText(append(b, "no check named "...), name), '\n')
		}
		resp.ContentType, resp.Body, resp.Scratch = contentText, b, b
	}
	return ep
}

// kubeCode is code for /healthz, /livez and /readyz, except that a failing
// /readyz answers Options.DrainingCode while draining or in maintenance.
func (h *Health) kubeCode(s *Snapshot, ep endpoint, ok bool) int {
	if !ok && ep == epReadyz && s.outOfRotation() {
		return h.opts.DrainingCode
	}
	return h.code(ok)
}

// customCall holds the copies of a request and a response that a custom
// handler sees. Route copies into one from a pool rather than hand its own
// arguments to a function it does not know, which would make every caller's
// Request and Response escape to the heap, custom endpoint or not.
type customCall struct {
	req  Request
	resp Response
}

// customCalls are the spare customCalls, reused so that a custom endpoint
// allocates nothing once the pool holds one per concurrent request.
var customCalls = sync.Pool{New: func() any { return new(customCall) }}

// callCustom answers req with fn through a pooled copy of req and resp.
func callCustom(fn func(*Request, *Response), req *Request, resp *Response) {
	c := customCalls.Get().(*customCall)
	c.req = *req
	c.resp = Response{Status: 200, Scratch: resp.Scratch}
	fn(&c.req, &c.resp)
	*resp = c.resp
	*c = customCall{} // drop the references to the caller's buffers
	customCalls.Put(c)
}

// code maps passing to Options.PassingCode (200) and failing to
// Options.FailingCode (503).
func (h *Health) code(ok bool) int {
	if ok {
		return h.opts.PassingCode
	}
	return h.opts.FailingCode
}
