package core

import (
	"strings"
	"testing"
)

// A failing line names no reason when none was asked for, the reason with
// ?verbose when details are allowed, and says it is hidden when the details
// policy refuses them — never "withheld" for a client that did not ask.
func TestKubeReasons(t *testing.T) {
	h := kubeHealth(t)
	remote := func(target string) *Response {
		resp := &Response{}
		path, query, _ := strings.Cut(target, "?")
		h.Route(&Request{Method: "GET", Path: path, RawQuery: query, Local: false}, resp)
		return resp
	}
	for _, c := range []struct {
		resp *Response
		body string
	}{
		{get(h, "/readyz"), "[+]ping ok\n[-]etcd failed\n[-]cache failed\nreadyz check failed\n"},
		{get(h, "/readyz?verbose"), "[+]ping ok\n[-]etcd failed since 19:29:30Z: dial tcp 10.0.0.1:2379: connection refused\n[-]cache failed since 19:29:30Z: fail\nreadyz check failed\n"},
		{remote("/readyz"), "[+]ping ok\n[-]etcd failed\n[-]cache failed\nreadyz check failed\n"},
		{remote("/readyz?verbose"), "[+]ping ok\n[-]etcd failed: reason hidden (--details)\n[-]cache failed: reason hidden (--details)\nreadyz check failed\n"},
		{remote("/readyz/etcd?verbose"), "[-]etcd failed: reason hidden (--details)\n"},
		{remote("/livez?verbose"), "ok"},
	} {
		if string(c.resp.Body) != c.body {
			t.Errorf("body %q\nwant %q", c.resp.Body, c.body)
		}
	}
	resp := &Response{Scratch: make([]byte, 0, 4096)}
	req := &Request{Method: "GET", Path: "/readyz", RawQuery: "verbose"}
	if n := testing.AllocsPerRun(100, func() { h.Route(req, resp) }); n != 0 {
		t.Errorf("a hidden-reason /readyz?verbose allocates %v times, want 0", n)
	}
}
