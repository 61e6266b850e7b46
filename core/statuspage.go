package core

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// statusPageInterval is the shortest time between two renders of the
// status page while the scheduler runs: a check that runs ten times a second
// re-renders the JSON bodies ten times, the page once.
const statusPageInterval = time.Second

// statusPage returns the /status bodies of s: none until the page has
// been asked for once (a Health whose page nobody reads does not pay for
// it); the previous snapshot's when they are younger than
// statusPageInterval and the scheduler runs (its once-a-second render
// brings them up to date); else new ones, rendered into one buffer.
// h.renderMu is held.
func (h *Health) statusPage(s *Snapshot) (bodies [2][]byte, at time.Time) {
	if h.page == nil || !h.pageWanted.Load() {
		return bodies, at
	}
	if prev := h.snap.Load(); prev != nil && prev.statusPage[0] != nil && h.live.Load() &&
		s.at.Sub(prev.statusAt) < statusPageInterval && s.at.Sub(prev.statusAt) >= 0 {
		return prev.statusPage, prev.statusAt
	}
	b := make([]byte, 0, h.pageSize)
	b = h.page(s, b, false)
	mid := len(b)
	b = h.page(s, b, true)
	h.pageSize = len(b) + len(b)/16
	return [2][]byte{b[:mid:mid], b[mid:]}, s.at
}

// The fixed parts of the page. The script and the style are allowed by
// their hashes in statusPageCSP (TestStatusPageCSPHashes keeps them in
// step); the page loads nothing else.
const (
	statusPageStyle = `:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--mute:#59636e;--line:#d1d9e0;--pass:#1a7f37;--warn:#9a6700;--fail:#d1242f;--unknown:#818b98}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--mute:#9198a1;--line:#3d444d;--pass:#3fb950;--warn:#d29922;--fail:#f85149;--unknown:#9198a1}}
*{box-sizing:border-box}body{margin:0 auto;max-width:60rem;padding:1rem;font:15px/1.45 system-ui,sans-serif;background:var(--bg);color:var(--fg)}
h1{font-size:1.4rem;margin:0}h2{font-size:1.05rem;margin:1.4rem 0 .4rem;color:var(--mute)}
.meta{color:var(--mute);font-size:.85rem;overflow-wrap:anywhere}
.state{display:inline-block;padding:.1rem .6rem;border-radius:1rem;color:#fff;font-weight:600}
.s-pass{background:var(--pass)}.s-warn{background:var(--warn)}.s-fail{background:var(--fail)}.s-unknown{background:var(--unknown)}
ul{list-style:none;margin:0;padding:0}li{border-top:1px solid var(--line);padding:.55rem 0}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}.name{font-weight:600;overflow-wrap:anywhere}
.badge{font-size:.75rem;padding:0 .45rem;border-radius:.6rem;color:#fff}.flap{color:var(--fail);font-weight:600;font-size:.8rem}
.msg{margin:.15rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.strip{display:flex;gap:2px;margin-top:.3rem}.strip i{width:.5rem;height:1rem;border-radius:1px}
.banner{border:2px solid var(--warn);border-radius:.4rem;padding:.5rem .8rem;margin-top:1rem}`
	statusPageScript = `(function(){function load(){if(document.hidden)return;fetch(location.href,{cache:"no-store"}).then(function(r){return r.text()}).then(function(t){var d=new DOMParser().parseFromString(t,"text/html");document.title=d.title;document.body.replaceWith(d.body)}).catch(function(){})}setInterval(load,2000);document.addEventListener("visibilitychange",load)})();`
	statusPageCSP    = "default-src 'none'; style-src 'sha256-HN8K7W1QeoBWCHrxZzKI4Y4jDt44PENhmLLHj64jnVQ='; script-src 'sha256-H3bVpOjRrATNDaXEIc8htRttX/Btpn3btWg3iseuwZ8='; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

// headersStatusPage are the headers of /status: no caching, and a content
// security policy that lets the page run nothing but its own script.
var headersStatusPage = []Header{
	{Key: "Cache-Control", Value: "no-store"},
	{Key: "Content-Security-Policy", Value: statusPageCSP},
	{Key: "X-Content-Type-Options", Value: "nosniff"},
}

// contentHTML is the content type of /status.
const contentHTML = "text/html; charset=utf-8"

// appendStatusPage appends the /status page of s: the overall state, then
// every check with its status (flags and heartbeats marked as such) and,
// when details are shown, its message, since, duration, last run, groups
// and a strip of its recent results; maintenance; service, environment,
// version. Every string that came from outside core is escaped.
func (s *Snapshot) appendStatusPage(dst []byte, details bool) []byte {
	word := s.healthWord()
	dst = append(dst, `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><link rel="icon" href="data:,"><title>`...)
	dst = appendHTML(dst, s.opts.Service)
	dst = append(dst, ` – `...)
	dst = append(dst, word...)
	dst = append(dst, `</title><style>`...)
	dst = append(dst, statusPageStyle...)
	dst = append(dst, `</style><noscript><meta http-equiv="refresh" content="10"></noscript><script>`...)
	dst = append(dst, statusPageScript...)
	dst = append(dst, `</script></head><body><header><h1>`...)
	dst = appendHTML(dst, s.opts.Service)
	dst = append(dst, ` <span id="overall" class="state s-`...)
	dst = append(dst, statusClass(s.pageStatus())...)
	dst = append(dst, `">`...)
	dst = append(dst, word...)
	dst = append(dst, `</span></h1><p class="meta">environment `...)
	dst = appendHTML(dst, s.opts.Environment)
	if s.opts.Version != "" {
		dst = append(dst, ` · version `...)
		dst = appendHTML(dst, s.opts.Version)
	}
	dst = append(dst, ` · `...)
	dst = append(dst, s.phase.String()...)
	dst = append(dst, ` · ready `...)
	dst = strconv.AppendBool(dst, s.Ready())
	dst = append(dst, ` · live `...)
	dst = strconv.AppendBool(dst, s.Live())
	dst = append(dst, ` · up `...)
	dst = append(dst, shortDuration(s.uptime)...)
	dst = append(dst, ` · at <time>`...)
	dst, _ = appendDateTime(dst, s.at, ' ')
	dst = append(dst, 'Z')
	dst = append(dst, `</time></p></header>`...)
	if s.maint.On {
		dst = append(dst, `<p class="banner" id="maintenance"><b>Maintenance</b> since `...)
		dst, _ = appendDateTime(dst, s.maint.Since, ' ')
		dst = append(dst, 'Z')
		if details {
			dst = append(dst, `: `...)
			dst = appendHTML(dst, s.maint.reason())
		}
		dst = append(dst, `</p>`...)
	}
	for _, sec := range [...]struct {
		title string
		kind  entryKind
		flags bool
	}{{"Checks", kindActive, false}, {"Flags", kindFlag, true}, {"Heartbeats", kindHeartbeat, false}, {"Reported", kindReporter, false}} {
		n := 0
		for i := range s.checks {
			c := &s.checks[i]
			if c.kind != sec.kind {
				continue
			}
			if n == 0 {
				dst = append(dst, `<h2>`...)
				dst = append(dst, sec.title...)
				dst = append(dst, `</h2><ul>`...)
			}
			n++
			dst = s.appendPageCheck(dst, c, details)
		}
		if n > 0 {
			dst = append(dst, `</ul>`...)
		}
	}
	if len(s.checks) == 0 {
		dst = append(dst, `<p class="meta">No checks are registered.</p>`...)
	}
	if !details {
		dst = append(dst, `<p class="meta">Messages and history are shown only to clients the details policy allows.</p>`...)
	}
	return append(dst, "</body></html>\n"...)
}

// pageStatus is the status the page's overall badge is coloured by.
func (s *Snapshot) pageStatus() Status {
	switch {
	case s.maint.On:
		return StatusWarn
	case s.phase == PhaseStarting:
		return StatusUnknown
	}
	return s.all
}

// appendPageCheck appends the list item of one check.
func (s *Snapshot) appendPageCheck(dst []byte, c *CheckState, details bool) []byte {
	dst = append(dst, `<li data-check="`...)
	dst = appendHTML(dst, c.Name)
	dst = append(dst, `" data-status="`...)
	dst = append(dst, c.Status.String()...)
	dst = append(dst, `"><div class="row"><span class="badge s-`...)
	dst = append(dst, statusClass(c.Status)...)
	dst = append(dst, `">`...)
	if c.kind == kindFlag {
		dst = strconv.AppendBool(dst, c.Value != 0)
	} else {
		dst = append(dst, c.Status.String()...)
	}
	dst = append(dst, `</span><span class="name">`...)
	dst = appendHTML(dst, c.Name)
	dst = append(dst, `</span>`...)
	if c.Flapping && details {
		dst = append(dst, `<span class="flap">flapping</span>`...)
	}
	dst = append(dst, `<span class="meta">`...)
	dst = appendGroups(dst, c)
	dst = append(dst, `</span></div>`...)
	if !details {
		return append(dst, `</li>`...)
	}
	if c.Message != "" {
		dst = append(dst, `<div class="msg">`...)
		dst = appendHTML(dst, c.Message)
		dst = append(dst, `</div>`...)
	}
	dst = append(dst, `<div class="meta">`...)
	open := len(dst)
	sep := ""
	if !c.Since.IsZero() {
		dst = append(dst, `since `...)
		dst, _ = appendDateTime(dst, c.Since, ' ')
		dst = append(dst, 'Z')
		if d := s.at.Sub(c.Since); d >= time.Second {
			dst = append(dst, ` (`...)
			dst = append(dst, shortDuration(d)...)
			dst = append(dst, ` ago)`...)
		}
		sep = ` · `
	}
	if c.kind == kindActive && !c.LastRun.IsZero() {
		dst = append(dst, sep...)
		dst = append(dst, `took `...)
		dst = append(dst, c.Duration.Round(time.Microsecond).String()...)
		sep = ` · `
	}
	if c.ConsecutiveFailures > 0 {
		dst = append(dst, sep...)
		dst = strconv.AppendInt(dst, int64(c.ConsecutiveFailures), 10)
		dst = append(dst, ` failing in a row`...)
	}
	if len(dst) == open {
		dst = dst[:open-len(`<div class="meta">`)]
	} else {
		dst = append(dst, `</div>`...)
	}
	if len(c.runs) > 0 {
		dst = append(dst, `<div class="strip" aria-label="recent results, oldest first">`...)
		for _, r := range c.runs {
			dst = append(dst, `<i class="s-`...)
			dst = append(dst, statusClass(r.st)...)
			dst = append(dst, `" title="`...)
			dst = append(civilOf(time.Unix(0, r.at)).appendClock(dst), 'Z')
			dst = append(dst, ' ')
			dst = append(dst, r.st.String()...)
			dst = append(dst, ' ')
			dst = append(dst, (time.Duration(r.took) * time.Microsecond).String()...)
			dst = append(dst, `"></i>`...)
		}
		dst = append(dst, `</div>`...)
	}
	return append(dst, `</li>`...)
}

// appendGroups appends the probes a check counts for ("live+ready"), and
// "non-critical" or "informational".
func appendGroups(dst []byte, c *CheckState) []byte {
	if c.Groups == 0 {
		return append(dst, "informational"...)
	}
	sep := ""
	for _, g := range [...]struct {
		g    Groups
		name string
	}{{GroupLive, "live"}, {GroupReady, "ready"}, {GroupStartup, "startup"}} {
		if c.Groups&g.g != 0 {
			dst = append(dst, sep...)
			dst = append(dst, g.name...)
			sep = "+"
		}
	}
	if !c.Critical {
		dst = append(dst, ", non-critical"...)
	}
	return dst
}

// statusClass returns the CSS class suffix of st.
func statusClass(st Status) string { return st.String() }

// appendHTML appends s escaped for HTML text and quoted attribute values:
// & < > " ' as character references, control characters (line breaks
// included) as spaces and invalid UTF-8 as U+FFFD, so that no check output
// can add markup to the page.
func appendHTML(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '"':
				dst = append(dst, "&#34;"...)
			case c == '\'':
				dst = append(dst, "&#39;"...)
			case c < 0x20 || c == 0x7f:
				dst = append(dst, ' ')
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, "\ufffd"...)
		case r < 0xa0:
			dst = append(dst, ' ')
		default:
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// serveStatusPage answers /status from the pre-rendered page: 200 whatever
// the health (it is a page for people, not a probe), with details when
// allowed. The first request renders the page itself, into the scratch
// buffer, and has every later snapshot pre-render it.
func (h *Health) serveStatusPage(s *Snapshot, details bool, resp *Response) {
	v := 0
	if details {
		v = 1
	}
	resp.Status, resp.ContentType, resp.Headers = 200, contentHTML, headersStatusPage
	if resp.Body = s.statusPage[v]; resp.Body != nil {
		return
	}
	resp.Body = h.page(s, resp.Scratch[:0], details)
	resp.Scratch = resp.Body
	if !h.pageWanted.Swap(true) {
		h.changed()
	}
}
