package core

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// TestStatusPageCSPHashes: the page's content security policy allows its
// style and script by their hashes; an edit of either must update them.
func TestStatusPageCSPHashes(t *testing.T) {
	for name, src := range map[string]string{"style-src": statusPageStyle, "script-src": statusPageScript} {
		sum := sha256.Sum256([]byte(src))
		want := name + " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !strings.Contains(statusPageCSP, want) {
			t.Errorf("statusPageCSP lacks %s", want)
		}
	}
}

// statusHealth is a Health with a check of every kind, one of which says
// something that would be markup if it were not escaped.
func statusHealth(t *testing.T, opts Options) (*Health, *ManualClock) {
	t.Helper()
	h, c := newTestHealth(t, opts)
	h.Register(CheckConfig{Name: "db", Check: CheckFunc(func(_ context.Context, r *Result) {
		r.Status, r.Message = StatusFail, `<script>alert("x")</script> & 'quoted'`+"\nline"
	})})
	h.Register(CheckConfig{Name: "cache", NonCritical: true, Groups: GroupLive | GroupReady, Check: CheckFunc(func(_ context.Context, r *Result) {
		r.Status, r.Message = StatusPass, "3 keys"
	})})
	h.Flag("bot_ready", true)
	h.Flag("<b>odd</b>", false, Informational)
	h.Heartbeat("loop", time.Minute)
	rep, _ := h.Reporter("queue", GroupReady)
	rep.Set(StatusWarn, "backlog 40")
	h.Start(context.Background())
	t.Cleanup(h.Stop)
	waitFor(t, "db to run", func() bool {
		return state(t, h, "db").Status == StatusFail && state(t, h, "cache").Status == StatusPass
	})
	return h, c
}

func TestStatusPageShowsEveryCheck(t *testing.T) {
	h, c := statusHealth(t, Options{Service: "bot", Version: "1.2.3", Environment: "prod"})
	waitTimers(t, c, 3)
	c.Advance(time.Second) // the page is rendered at most once a second
	waitFor(t, "the page to show db failing", func() bool {
		return strings.Contains(string(get(h, "/status").Body), `data-check="db" data-status="fail"`)
	})
	resp := get(h, "/status")
	body := string(resp.Body)
	if resp.Status != 200 || resp.ContentType != "text/html; charset=utf-8" {
		t.Errorf("/status answered %d %q", resp.Status, resp.ContentType)
	}
	var csp string
	for _, hd := range resp.Headers {
		if hd.Key == "Content-Security-Policy" {
			csp = hd.Value
		}
	}
	if !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("no content security policy: %v", resp.Headers)
	}
	for _, want := range []string{
		`<title>bot – unhealthy</title>`,
		`id="overall" class="state s-fail">unhealthy<`,
		`environment prod · version 1.2.3 · running`,
		`data-check="db" data-status="fail"`,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39; line`,
		`data-check="cache" data-status="pass"`, `live+ready, non-critical`,
		`data-check="bot_ready"`, `data-check="&lt;b&gt;odd&lt;/b&gt;"`, `>informational<`,
		`data-check="loop"`, `<h2>Heartbeats</h2>`,
		`data-check="queue" data-status="warn"`, `backlog 40`,
		`since 2025-06-04 19:29:30Z`,
		`<div class="strip"`, `<i class="s-fail" title="19:29:30Z fail `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/status lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>odd") {
		t.Errorf("/status shows markup from check output:\n%s", body)
	}
	if n := strings.Count(body, "<script>"); n != 1 {
		t.Errorf("%d scripts on the page, want its own only", n)
	}

	h.SetMaintenance(Maintenance{On: true, Reason: "db <migration>"})
	c.Advance(time.Second)
	waitFor(t, "the maintenance banner", func() bool {
		return strings.Contains(string(get(h, "/status").Body), `id="maintenance"`)
	})
	if body := string(get(h, "/status").Body); !strings.Contains(body, `since 2025-06-04 19:29:31Z: db &lt;migration&gt;</p>`) {
		t.Errorf("maintenance banner: %s", body)
	}
}

// TestStatusPageWithoutDetails: a client the details policy does not allow
// sees names and statuses, no messages, history or maintenance reason.
func TestStatusPageWithoutDetails(t *testing.T) {
	h, c := statusHealth(t, Options{Details: DetailsNone}) // (newTestHealth turns DetailsLocal into all)
	h.SetMaintenance(Maintenance{On: true, Reason: "secret reason"})
	c.Advance(time.Second)
	resp := &Response{}
	waitFor(t, "maintenance on the page", func() bool {
		h.Route(&Request{Method: "GET", Path: "/status"}, resp)
		return strings.Contains(string(resp.Body), `id="maintenance"`)
	})
	h.Route(&Request{Method: "GET", Path: "/status", Local: false}, resp)
	body := string(resp.Body)
	for _, leak := range []string{"alert", "3 keys", "backlog 40", "secret reason", `class="strip"`, `<div class="meta">since`} {
		if strings.Contains(body, leak) {
			t.Errorf("remote /status shows %q", leak)
		}
	}
	if !strings.Contains(body, `data-check="db" data-status="fail"`) {
		t.Errorf("remote /status lacks the check's status:\n%s", body)
	}
}

// TestStatusPageRenderedAtMostOncePerSecond: while the scheduler runs, a
// change within a second of the last render reuses the page; the render of
// the next second shows it.
func TestStatusPageRenderedAtMostOncePerSecond(t *testing.T) {
	h, c := newTestHealth(t, Options{})
	f, _ := h.Flag("bot_ready", true)
	get(h, "/status") // the page is rendered once asked for
	h.Start(context.Background())
	defer h.Stop()
	waitTimers(t, c, 1)
	c.Advance(time.Second)
	waitFor(t, "a render at 1s", func() bool { return h.Snapshot().statusAt.Equal(t0.Add(time.Second)) })
	page := h.Snapshot().statusPage[1]
	f.Set(false)
	waitFor(t, "the flag's snapshot", func() bool { return !h.Snapshot().Ready() })
	if s := h.Snapshot(); &s.statusPage[1][0] != &page[0] {
		t.Errorf("the page was re-rendered within the second")
	}
	waitTimers(t, c, 1)
	c.Advance(time.Second)
	waitFor(t, "the page to show the flag false", func() bool {
		return strings.Contains(string(get(h, "/status").Body), `data-check="bot_ready" data-status="fail"`)
	})
}

func TestStatusPageOff(t *testing.T) {
	h, _ := newTestHealth(t, Options{NoStatusPage: true})
	if r := get(h, "/status"); r.Status != 404 {
		t.Errorf("/status with the page off answered %d", r.Status)
	}
	if s := h.Snapshot(); s.statusPage[0] != nil || s.statusPage[1] != nil {
		t.Errorf("the page is rendered while off")
	}
}

func TestAppendHTML(t *testing.T) {
	cases := map[string]string{
		`a<b>&"c'`:          `a&lt;b&gt;&amp;&#34;c&#39;`,
		"tab\tnl\ncr\r\x7f": "tab nl cr  ",
		"caf\xc3\xa9 \xff":  "café \ufffd",
		"\u0085next":        " next",
	}
	for in, want := range cases {
		if got := string(appendHTML(nil, in)); got != want {
			t.Errorf("appendHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzAppendHTML(f *testing.F) {
	f.Add(`<script>alert(1)</script>`)
	f.Add("\xff\x00\"'&")
	f.Fuzz(func(t *testing.T, s string) {
		out := string(appendHTML(nil, s))
		if strings.ContainsAny(out, `<>"'`) {
			t.Errorf("appendHTML(%q) = %q keeps markup", s, out)
		}
		for i := 0; i < len(out); i++ {
			if out[i] == '&' && !(strings.HasPrefix(out[i:], "&amp;") || strings.HasPrefix(out[i:], "&lt;") ||
				strings.HasPrefix(out[i:], "&gt;") || strings.HasPrefix(out[i:], "&#34;") || strings.HasPrefix(out[i:], "&#39;")) {
				t.Errorf("appendHTML(%q) = %q has a bare &", s, out)
			}
		}
	})
}

// TestStatusPageRenderedOnceAskedFor: a Health whose page nobody reads does
// not render it; the first request renders it itself, and every snapshot
// after it has the page.
func TestStatusPageRenderedOnceAskedFor(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	h.Flag("bot_ready", true)
	if s := h.Snapshot(); s.statusPage[0] != nil || s.statusPage[1] != nil {
		t.Fatal("the page is rendered before anyone asked for it")
	}
	if r := get(h, "/status"); r.Status != 200 || !strings.Contains(string(r.Body), `data-check="bot_ready"`) {
		t.Fatalf("first /status: %d %s", r.Status, r.Body)
	}
	if s := h.Snapshot(); s.statusPage[0] == nil || s.statusPage[1] == nil {
		t.Error("the snapshot after the first request has no page")
	}
}

// BenchmarkRenderStatusPage measures one render of both variants of the
// page, which happens at most once a second, never per request.
func BenchmarkRenderStatusPage(b *testing.B) {
	h, _ := newTestHealth(b, Options{})
	h.Flag("bot_ready", true)
	h.Heartbeat("loop", time.Minute)
	for _, n := range []string{"db", "cache", "queue", "disk", "dns"} {
		h.Register(CheckConfig{Name: n, Check: pass})
	}
	s := h.Snapshot()
	buf := make([]byte, 0, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		buf = s.appendStatusPage(buf[:0], false)
		buf = s.appendStatusPage(buf, true)
	}
	b.SetBytes(int64(len(buf)))
}
