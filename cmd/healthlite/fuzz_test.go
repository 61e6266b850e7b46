package main

import (
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core"
)

// oneLineErr reports whether err's message is one line that says something.
func oneLineErr(err error) bool {
	s := err.Error()
	return s != "" && !strings.ContainsAny(s, "\r\n")
}

// FuzzParsePushAddr: --push never accepts an address another machine could
// reach, and refuses everything else with one line.
func FuzzParsePushAddr(f *testing.F) {
	for _, s := range []string{"127.0.0.1:9901", "[::1]:9901", "unix:/run/push.sock", "0.0.0.0:9901", ":9901",
		"localhost:9901", "[::ffff:127.0.0.1]:1", "[::ffff:10.0.0.1]:1", "127.1:80", "[fe80::1%lo]:1", "unix:", "10.1.2.3:9901",
		"127.0.0.1:9901-9905", "localhost:0", "unix:/run/push-%d.sock", "[::1]:0,9901"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parsePushAddr(s)
		if err != nil {
			if !oneLineErr(err) {
				t.Fatalf("%q: error %q is not one line", s, err)
			}
			return
		}
		switch a.network {
		case "unix":
			if a.addr == "" || "unix:"+a.addr != s {
				t.Fatalf("%q: unix path %q", s, a.addr)
			}
		case "tcp":
			ip, err := netip.ParseAddr(a.host)
			if err != nil || !ip.Unmap().IsLoopback() {
				t.Fatalf("%q: accepted host %q, which is not a loopback address", s, a.host)
			}
			if len(a.ports) == 0 {
				t.Fatalf("%q: no ports", s)
			}
			if ln, err := net.Listen("tcp", net.JoinHostPort(a.host, "0")); err == nil {
				la := ln.Addr().(*net.TCPAddr).AddrPort().Addr().Unmap()
				ln.Close()
				if !la.IsLoopback() {
					t.Fatalf("%q: listening bound %v, not loopback", s, la)
				}
			}
		default:
			t.Fatalf("%q: network %q", s, a.network)
		}
	})
}

// FuzzParsePassiveSpecs: --flag, --heartbeat and --status either refuse a
// spec with one line or give a name core registers (or refuses with one
// clear line: too long, or a reserved /health field for a flag).
func FuzzParsePassiveSpecs(f *testing.F) {
	for _, s := range []string{"bot_ready", "bot_ready=false", "bot_ready=false,informational", "status", "bot,ttl=30s",
		"bot,ttl=-1s", "trading,groups=live+ready", "trading,groups=", "x,ttl=1h,ttl=2h", "a=b=c", "ü",
		"0,ttl=\r", "0,groups=\n"} { // the last two: found by fuzzing in CI, the value was printed raw
		f.Add(uint8(0), s)
		f.Add(uint8(1), s)
		f.Add(uint8(2), s)
	}
	f.Fuzz(func(t *testing.T, kind uint8, s string) {
		h := core.New(core.Options{})
		var err, regErr error
		switch kind % 3 {
		case 0:
			var sp flagSpec
			if sp, err = parseFlagSpec(s); err == nil {
				_, regErr = h.Flag(sp.name, sp.value, flagOptions(sp.informational)...)
			}
		case 1:
			var sp heartbeatSpec
			if sp, err = parseHeartbeatSpec(s); err == nil {
				if sp.ttl <= 0 {
					t.Fatalf("heartbeat %q: ttl %v", s, sp.ttl)
				}
				_, regErr = h.Heartbeat(sp.name, sp.ttl)
			}
		case 2:
			var sp statusSpec
			if sp, err = parseStatusSpec(s); err == nil {
				_, regErr = h.Reporter(sp.name, sp.groups)
			}
		}
		if err != nil && !oneLineErr(err) {
			t.Fatalf("%d %q: error %q is not one line", kind%3, s, err)
		}
		if regErr != nil && (!oneLineErr(regErr) || !strings.Contains(regErr.Error(), "longer than 128 bytes") && !strings.Contains(regErr.Error(), "reserved field")) {
			t.Fatalf("%d %q: parsed, then core refused it: %v", kind%3, s, regErr)
		}
	})
}

// FuzzSetFromEnv: a ';'-separated environment list is split into trimmed,
// non-empty items, each validated as its flag would be.
func FuzzSetFromEnv(f *testing.F) {
	f.Add("db=tcp:127.0.0.1:5432; web=http:http://127.0.0.1/ ;;")
	f.Add(" ; ")
	f.Add("a;b\x00;c")
	f.Fuzz(func(t *testing.T, val string) {
		var got []string
		v := &listValue{parse: func(s string) error {
			if s == "" || s != strings.TrimSpace(s) || strings.Contains(s, ";") {
				t.Fatalf("%q: item %q is empty, untrimmed or unsplit", val, s)
			}
			got = append(got, s)
			return nil
		}}
		if err := setFromEnv(v, val); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ";") != strings.Join(v.items, ";") {
			t.Fatalf("%q: items %q, parsed %q", val, v.items, got)
		}
	})
}

// FuzzProbeTargets: whatever --url, --ports, --port-file and --path say,
// probe either refuses with one line or gets targets whose request line it
// can write: a path starting with '/', free of spaces and control
// characters, and a host:port that splits.
func FuzzProbeTargets(f *testing.F) {
	f.Add("", "8080-8084", "", "/health", "")
	f.Add("http://127.0.0.1:8080/readyz?verbose", "", "", "/health", "")
	f.Add("https://[::1]/x", "", "", "/", "")
	f.Add("", "", "8081\n", "/livez", "127.0.0.1")
	f.Add("http://h/a?b c", "", "", "/", "")
	f.Add("", "1", "", "/x y\r\nX: 1", "127.0.0.1")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, rawURL, ports, portFileContent, path, host string) {
		portFile := ""
		if portFileContent != "" && rawURL == "" {
			portFile = filepath.Join(dir, "port")
			if err := os.WriteFile(portFile, []byte(portFileContent), 0o600); err != nil {
				t.Fatal(err)
			}
			ports = ""
		}
		if host == "" {
			host = "127.0.0.1"
		}
		targets, err := probeTargets(ports, portFile, rawURL, host, path)
		if err != nil {
			if !oneLineErr(err) {
				t.Fatalf("error %q is not one line", err)
			}
			return
		}
		for _, tg := range targets {
			if !strings.HasPrefix(tg.path, "/") || strings.IndexFunc(tg.path, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
				t.Fatalf("url %q path %q: request path %q would break the request line", rawURL, path, tg.path)
			}
			if _, _, err := net.SplitHostPort(tg.host); err != nil {
				t.Fatalf("url %q: host %q does not split: %v", rawURL, tg.host, err)
			}
		}
	})
}
