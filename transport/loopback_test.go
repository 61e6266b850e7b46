package transport

import (
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":          true,
		"LocalHost:8080":     true,
		"localhost.:80":      true,
		"127.0.0.1":          true,
		"127.0.0.1:8080":     true,
		"127.0.0.1:":         true,
		"127.0.0.10:80":      true,
		"127.0.0.1:8a":       false,
		"127.0.0.1x":         false,
		"127.0.0.1]:80":      false,
		"127.8.9.10:1":       true,
		"[::1]":              true,
		"[::1]:8080":         true,
		"[::ffff:127.0.0.1]": true,
		"":                   false,
		"::1":                false,
		"[::1":               false,
		"[::1]x":             false,
		"evil.example":       false,
		"evil.example:8080":  false,
		"localhost.evil.com": false,
		"10.0.0.1:8080":      false,
		"[fe80::1%eth0]:80":  false,
		"0.0.0.0:8080":       false,
	} {
		if got := LoopbackHost(host); got != want {
			t.Errorf("LoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestLoopbackHostAllocatesNothing(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "localhost:8080", "[::1]:8080", "evil.example:80"} {
		if n := testing.AllocsPerRun(100, func() { LoopbackHost(host) }); n != 0 {
			t.Errorf("LoopbackHost(%q): %v allocs, want 0", host, n)
		}
	}
}

// FuzzLoopbackHost checks LoopbackHost against the obvious allocating
// version built on net.SplitHostPort: it may refuse more, never accept more.
func FuzzLoopbackHost(f *testing.F) {
	for _, s := range []string{"localhost", "127.0.0.1:80", "[::1]:1", "a:b:c", "[", "]:", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		if !LoopbackHost(host) {
			return
		}
		h := host
		if hh, _, err := net.SplitHostPort(host); err == nil {
			h = hh
		}
		if strings.EqualFold(strings.TrimSuffix(h, "."), "localhost") {
			return
		}
		a, err := netip.ParseAddr(strings.Trim(h, "[]"))
		if err != nil || !a.Unmap().IsLoopback() {
			t.Fatalf("LoopbackHost(%q) = true, but %q is not a loopback name", host, h)
		}
	})
}
