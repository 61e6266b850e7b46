package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/netnstest"
)

// fromPeer GETs url from inside the peer's namespace with curl and returns
// the status code and body.
func fromPeer(t *testing.T, p *netnstest.Peer, url string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := p.Command(ctx, "curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}", url).Output()
	if err != nil {
		t.Fatalf("curl %s from the namespace %s: %v", url, p.Name, err)
	}
	s := string(out)
	i := strings.LastIndexByte(s, '\n')
	code, _ := strconv.Atoi(s[i+1:])
	return code, s[:i]
}

// TestMetricsLabelsFromOutside runs the binary with an exec check whose
// perfdata label names an internal host and scrapes /metrics from loopback
// and from a network namespace of the test's own (a real non-loopback
// client), on both transports: the perfdata series, whose label came from
// the plugin's output, follows --details (local by default: loopback only;
// all: both; none: neither), while the check's value and its other series
// are there for every client.
func TestMetricsLabelsFromOutside(t *testing.T) {
	if _, err := os.Stat("/usr/bin/curl"); err != nil {
		t.Skip("no curl to play the remote client")
	}
	peer := netnstest.New(t)
	const secret = "db-primary.internal.corp:5432 admin"
	plugin := filepath.Join(t.TempDir(), "plugin.sh")
	if err := os.WriteFile(plugin, []byte("#!/bin/sh\necho \"connections ok | '"+secret+"'=85;90;95\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, transport := range []string{"fasthttp", "loop", "stdlib"} {
		for _, c := range []struct {
			details       string
			local, remote bool
		}{{"default", true, false}, {"all", true, true}, {"none", false, false}} {
			t.Run(transport+"/details="+c.details, func(t *testing.T) {
				args := []string{"--transport", transport, "--check", "db=exec:" + plugin + ",interval=1h"}
				if c.details != "default" {
					args = append(args, "--details", c.details)
				}
				_, base := serveOn(t, nil, args...)
				port := base[strings.LastIndexByte(base, ':')+1:]
				eventually(t, 20*time.Second, "the plugin's perfdata is exported", func() bool {
					_, body := get(t, base+"/metrics?format=prometheus")
					return strings.Contains(body, `healthlite_check_value{check="db"} 85`)
				})
				for _, query := range []string{"format=prometheus", "format=openmetrics", "", "verbose"} {
					lcode, lbody := get(t, base+"/metrics?"+query)
					rcode, rbody := fromPeer(t, peer, "http://"+net.JoinHostPort(peer.HostIP, port)+"/metrics?"+query)
					if lcode != 200 || rcode != 200 {
						t.Fatalf("/metrics?%s: %d from loopback, %d from %s", query, lcode, rcode, peer.PeerIP)
					}
					if got := strings.Contains(lbody, "internal.corp"); got != c.local {
						t.Errorf("loopback /metrics?%s: perfdata label shown %v, want %v", query, got, c.local)
					}
					if got := strings.Contains(rbody, "internal.corp"); got != c.remote {
						t.Errorf("from %s /metrics?%s: perfdata label shown %v, want %v:\n%s", peer.PeerIP, query, got, c.remote, rbody)
					}
					if !strings.Contains(rbody, "healthlite_check_value") || !strings.Contains(rbody, "healthlite_check_up") {
						t.Errorf("from %s /metrics?%s: the check's public series are missing:\n%s", peer.PeerIP, query, rbody)
					}
				}
			})
		}
	}
}
