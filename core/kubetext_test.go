package core

import (
	"context"
	"testing"
)

// kubeHealth has a passing live check, a failing ready check with a message,
// and a failing non-critical ready check.
func kubeHealth(t *testing.T) *Health { return kubeHealthFor(t) }

// kubeHealthFor is kubeHealth for tests, benchmarks and fuzz targets, with
// details for local clients only.
func kubeHealthFor(t testing.TB) *Health {
	h := New(Options{Clock: NewManualClock(t0)})
	h.Register(CheckConfig{Name: "ping", Groups: GroupLive | GroupReady, Check: pass})
	h.Register(CheckConfig{Name: "etcd", Check: CheckFunc(func(_ context.Context, r *Result) {
		r.Status, r.Message = StatusFail, "dial tcp 10.0.0.1:2379: connection refused"
	})})
	h.Register(CheckConfig{Name: "cache", NonCritical: true, Check: CheckFunc(func(_ context.Context, r *Result) {
		r.Status = StatusFail
	})})
	h.Start(context.Background())
	t.Cleanup(h.Stop)
	waitFor(t, "every check to run", func() bool {
		for _, c := range h.Snapshot().Checks() {
			if c.LastRun.IsZero() {
				return false
			}
		}
		return true
	})
	return h
}

func TestKubernetesText(t *testing.T) {
	h := kubeHealth(t)
	cases := []struct {
		target string
		status int
		body   string
	}{
		{"/livez", 200, "ok"},
		{"/livez?verbose", 200, "[+]ping ok\nlivez check passed\n"},
		{"/readyz", 503, "[+]ping ok\n[-]etcd failed\n[-]cache failed\nreadyz check failed\n"},
		{"/readyz?verbose", 503, "[+]ping ok\n[-]etcd failed since 19:29:30Z: dial tcp 10.0.0.1:2379: connection refused\n[-]cache failed since 19:29:30Z: fail\nreadyz check failed\n"},
		{"/healthz?verbose=1", 503, "[+]ping ok\n[-]etcd failed since 19:29:30Z: dial tcp 10.0.0.1:2379: connection refused\n[-]cache failed since 19:29:30Z: fail\nhealthz check failed\n"},
		{"/readyz?verbose=false", 503, "[+]ping ok\n[-]etcd failed\n[-]cache failed\nreadyz check failed\n"},
		{"/readyz?exclude=etcd", 200, "ok"},
		{"/readyz?exclude=etcd&verbose", 200, "[+]ping ok\n[-]cache failed since 19:29:30Z: fail\nreadyz check passed\n"},
		{"/readyz?exclude=etcd&exclude=ca%63he&exclude=nope&exclude=a+%22b", 200, "ok"},
		{"/readyz?verbose&exclude=etcd&exclude=ca%63he&exclude=nope&exclude=a+%22b", 200, "[+]ping ok\nwarn: some health checks cannot be excluded: no matches for \"nope\",\"a \\\"b\"\nreadyz check passed\n"},
		{"/readyz?exclude=nope", 503, "[+]ping ok\n[-]etcd failed\n[-]cache failed\nwarn: some health checks cannot be excluded: no matches for \"nope\"\nreadyz check failed\n"},
		{"/healthz?exclude=etcd", 200, "ok"},
		{"/readyz/etcd", 503, "[-]etcd failed\n"},
		{"/readyz/etcd?verbose", 503, "[-]etcd failed since 19:29:30Z: dial tcp 10.0.0.1:2379: connection refused\n"},
		{"/readyz/ping", 200, "ok"},
		{"/readyz/ping?verbose", 200, "[+]ping ok\n"},
		{"/livez/ping", 200, "ok"},
		{"/livez/etcd", 404, "etcd is not in the live group\n"},
		{"/readyz/nope", 404, "no check named nope\n"},
		{"/readyz/a%0Ab", 404, "no check named a%0Ab\n"},
	}
	for _, c := range cases {
		resp := get(h, c.target)
		if resp.Status != c.status || string(resp.Body) != c.body || resp.ContentType != "text/plain; charset=utf-8" {
			t.Errorf("GET %s = %d %q (%s)\nwant %d %q", c.target, resp.Status, resp.Body, resp.ContentType, c.status, c.body)
		}
	}
}

func TestAppendTextNeutralisesLineBreaks(t *testing.T) {
	cases := map[string]string{
		"plain":             "plain",
		"two\nlines\r\n":    "two lines  ",
		"tab\tdel\x7f":      "tab del ",
		"bad\xffutf8":       "bad\ufffdutf8",
		"sep\u2028x\u0085y": "sep x y",
		"ünïcödé stays 世界":  "ünïcödé stays 世界",
	}
	for in, want := range cases {
		if got := string(appendText(nil, in)); got != want {
			t.Errorf("appendText(%q) = %q, want %q", in, got, want)
		}
	}
}
