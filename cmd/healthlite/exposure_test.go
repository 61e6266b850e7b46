package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// outsideAddr returns an address of this machine that is not loopback, so
// that a request from it reaches healthlite as a remote client would —
// without sending anything to another host. It skips the test when the
// machine has none (core's router and the transports' locality tests cover
// the policy then).
func outsideAddr(t *testing.T) net.IP {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("cannot list interface addresses: %v", err)
	}
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() || n.IP.To4() == nil {
			continue
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(n.IP.String(), "0"))
		if err != nil {
			continue
		}
		ln.Close()
		return n.IP
	}
	t.Skip("no non-loopback IPv4 address on this machine: details exposure is covered by core.TestDetailsPolicy and the transports' TestLocality")
	return nil
}

// clientFrom returns an HTTP client whose connections leave from ip.
func clientFrom(ip net.IP) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DisableKeepAlives: true,
		Proxy:             nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}}
}

func getWith(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDetailsExposure runs the binary bound to every interface, with a
// check message that names an internal host, and asks for every verbose
// view from loopback and from the machine's own non-loopback address, on
// both transports: --details=all shows the message to both, local (the
// default) only to loopback, none to neither. Statuses are the same for all.
func TestDetailsExposure(t *testing.T) {
	outside := outsideAddr(t)
	local, remote := client, clientFrom(outside)
	const secret = "secret-db.internal:5432"
	targets := []string{"/health?verbose", "/readyz?verbose", "/healthz?verbose", "/readyz/db?verbose", "/readyz?verbose&exclude=none", "/health", "/metrics"}
	for _, transport := range []string{"fasthttp", "loop", "stdlib"} {
		for _, c := range []struct {
			details       string // "default": no --details flag
			local, remote bool   // whether such a client sees the message
		}{{"default", true, false}, {"all", true, true}, {"none", false, false}} {
			t.Run(transport+"/details="+c.details, func(t *testing.T) {
				pushPort := strconv.Itoa(tcptest.FreePort(t))
				args := []string{"--transport", transport, "--push", "127.0.0.1:" + pushPort, "--status", "db"}
				if c.details != "default" {
					args = append(args, "--details", c.details)
				}
				_, base := serveOn(t, nil, args...)
				port := base[strings.LastIndexByte(base, ':')+1:]
				outsideBase := "http://" + net.JoinHostPort(outside.String(), port)
				eventually(t, 20*time.Second, "the push API answers", func() bool {
					resp, err := client.Post("http://127.0.0.1:"+pushPort+"/status/db", "text/plain", strings.NewReader("fail cannot reach "+secret))
					if err != nil {
						return false
					}
					resp.Body.Close()
					return resp.StatusCode == 200
				})
				// /readyz/db is 503 from the start (unknown), so wait for the
				// pushed fail itself, which every client may see.
				eventually(t, 20*time.Second, "the pushed status is published", func() bool {
					_, body := get(t, base+"/health")
					return strings.Contains(body, `"db":"fail"`)
				})
				for _, target := range targets {
					lcode, lbody := getWith(t, local, base+target)
					rcode, rbody := getWith(t, remote, outsideBase+target)
					verbose := strings.Contains(target, "verbose")
					if got, want := strings.Contains(lbody, secret), c.local && verbose; got != want {
						t.Errorf("loopback %s: message shown %v, want %v:\n%s", target, got, want, lbody)
					}
					if got, want := strings.Contains(rbody, secret), c.remote && verbose; got != want {
						t.Errorf("from %s %s: message shown %v, want %v:\n%s", outside, target, got, want, rbody)
					}
					if lcode != rcode {
						t.Errorf("%s: %d from loopback, %d from %s: the status must not depend on the client", target, lcode, rcode, outside)
					}
				}
				// The statuses stay visible to every client.
				if code, body := getWith(t, remote, outsideBase+"/readyz?verbose"); code != 503 || !strings.Contains(body, "[-]db failed") {
					t.Errorf("from %s /readyz?verbose = %d %q, want 503 naming db as failed", outside, code, body)
				}
			})
		}
	}
}

// TestPushUnreachableFromOutside: the push API listens on loopback only, so
// a client on this machine's non-loopback address cannot connect, while the
// health endpoints bound to every interface still answer it.
func TestPushUnreachableFromOutside(t *testing.T) {
	outside := outsideAddr(t)
	pushPort := strconv.Itoa(tcptest.FreePort(t))
	_, base := serveOn(t, nil, "--push", "127.0.0.1:"+pushPort, "--flag", "bot_ready=false")
	port := base[strings.LastIndexByte(base, ':')+1:]
	eventually(t, 20*time.Second, "the push API answers on loopback", func() bool {
		resp, err := client.Post("http://127.0.0.1:"+pushPort+"/flags/bot_ready", "text/plain", strings.NewReader("true"))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	// The push is accepted at once and published by the scheduler a moment later.
	waitStatus(t, base+"/health", 200)
	remote := clientFrom(outside)
	if code, _ := getWith(t, remote, "http://"+net.JoinHostPort(outside.String(), port)+"/health"); code != 200 {
		t.Fatalf("/health from %s = %d, want 200 (the health port is on every interface)", outside, code)
	}
	resp, err := remote.Post("http://"+net.JoinHostPort(outside.String(), pushPort)+"/flags/bot_ready", "text/plain", strings.NewReader("false"))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("POST to the push port through %s answered %d: the push API must listen on loopback only", outside, resp.StatusCode)
	}
	if _, doc := health(t, base); doc.Raw["bot_ready"] != true {
		t.Errorf("bot_ready = %v after the refused push, want true", doc.Raw["bot_ready"])
	}
}
