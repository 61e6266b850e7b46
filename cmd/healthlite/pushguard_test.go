package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// servePush serves the push API of a fresh newPushHandler on ln and returns
// its flag bot_ready.
func servePush(t *testing.T, ln net.Listener) *pushHandler {
	t.Helper()
	h := newPushHandler(t)
	s := newPushServer(ln, h.t, slog.New(slog.DiscardHandler))
	go s.serve()
	t.Cleanup(func() { s.srv.Close() })
	return h
}

// TestPushRefusesWebPages: a web page in a browser on this machine can
// reach loopback. The push API refuses what such a page can send — a
// cross-site POST (Origin, Sec-Fetch-Site) or, through DNS rebinding, a
// request for the attacker's host name — and the flag stays as it was,
// while curl-style requests by address or localhost, and any request over
// a unix socket, go through.
func TestPushRefusesWebPages(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := servePush(t, ln)
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	flag := h.t.flags["bot_ready"]
	for _, c := range []struct {
		name   string
		host   string
		header [2]string
		code   int
	}{
		{"cross-site fetch", "", [2]string{"Origin", "https://evil.example"}, 403},
		{"same-origin page", "", [2]string{"Origin", "http://" + addr}, 403},
		{"Sec-Fetch-Site without Origin", "", [2]string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"DNS rebinding", "evil.example:" + port, [2]string{}, 403},
		{"rebinding to a private address's name", "10.0.0.1:" + port, [2]string{}, 403},
		{"curl by address", "", [2]string{}, 200},
		{"curl by localhost", "localhost:" + port, [2]string{}, 200},
		{"typed into the address bar", "LOCALHOST", [2]string{"Sec-Fetch-Site", "none"}, 200},
	} {
		flag.Set(false)
		req, _ := http.NewRequest("POST", "http://"+addr+"/flags/bot_ready", strings.NewReader("true"))
		if c.host != "" {
			req.Host = c.host
		}
		if c.header[0] != "" {
			req.Header.Set(c.header[0], c.header[1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code || strings.Count(string(body), "\n") != 1 {
			t.Errorf("%s: %d %q, want %d and one line", c.name, resp.StatusCode, body, c.code)
		}
		if got := flag.Value(); got != (c.code == 200) {
			t.Errorf("%s: bot_ready = %v after the request", c.name, got)
		}
	}

	// Over a unix socket the Host header means nothing and is not checked.
	sock := filepath.Join(t.TempDir(), "push.sock")
	uln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	uh := servePush(t, uln)
	req, _ := http.NewRequest("POST", "http://anything.example/flags/bot_ready", strings.NewReader("true"))
	resp, err := unixClient(sock).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !uh.t.flags["bot_ready"].Value() {
		t.Errorf("unix socket with Host anything.example: %d, flag %v; want 200 and set", resp.StatusCode, uh.t.flags["bot_ready"].Value())
	}
}
