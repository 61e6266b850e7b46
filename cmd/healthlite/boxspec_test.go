package main

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/checks"
)

func TestParseBoxCheckSpecs(t *testing.T) {
	tests := []struct {
		in     string
		target string
		box    boxSpec
	}{
		{"root=disk:/,warn=20%,fail=1GiB", "/", boxSpec{warn: checks.Limit{Percent: 20}, fail: checks.Limit{Bytes: 1 << 30}}},
		{"mem=memory", "", boxSpec{}},
		{"mem=memory,warn=15%,pressure-warn=10,pressure-fail=40", "", boxSpec{warn: checks.Limit{Percent: 15}, pWarn: 10, pFail: 40}},
		{"cpu=load,warn=1.5,fail=3,interval=30s", "", boxSpec{loadWarn: 1.5, loadFail: 3}},
		{"db=dns:db.internal,expect=10.0.0.5,server=127.0.0.1:5353", "db.internal", boxSpec{expect: netip.MustParseAddr("10.0.0.5"), server: "127.0.0.1:5353"}},
		{"app=process:/run/app.pid", "/run/app.pid", boxSpec{}},
	}
	for _, tt := range tests {
		sp, err := parseCheckSpec(tt.in)
		if err != nil {
			t.Errorf("parseCheckSpec(%q): %v", tt.in, err)
			continue
		}
		if sp.target != tt.target || sp.box != tt.box {
			t.Errorf("parseCheckSpec(%q): target %q, %+v; want %q, %+v", tt.in, sp.target, sp.box, tt.target, tt.box)
		}
	}
}

func TestParseBoxCheckSpecErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"root=disk", "disk check without a target"},
		{"root=disk:/,warn=0%", "warn=0%: want a percentage above 0% and at most 100%"},
		{"root=disk:/,fail=lots", "fail=lots: want a percentage (10%) or a positive size in bytes (512MiB, 2G)"},
		{"root=disk:/,warn=5%,fail=10%", "warn is below fail: the warn floor must be reached first"},
		{"root=disk:/,pressure-warn=5", `unknown key "pressure-warn" for a disk check (known: ` + commonKeys + `, warn, fail)`},
		{"mem=memory:/proc", `a memory check takes no target ("/proc"): write NAME=memory[,key=value…]`},
		{"cpu=load,warn=lots", "warn=lots: want a load per CPU above 0, e.g. 1.5"},
		{"cpu=load,warn=4,fail=2", "load warn is above fail: warn must be reached first"},
		{"cpu=load,pressure-fail=101", "pressure-fail=101: want a percentage of stalled time above 0 and at most 100"},
		{"db=dns:db,expect=db.internal", "expect=db.internal: want an IP address"},
		{"db=dns:db,server=127.0.0.1", "server=127.0.0.1: want HOST:PORT, e.g. 127.0.0.1:53"},
		{"app=process:/run/app.pid,ttl=5s", `unknown key "ttl" for a process check (known: ` + commonKeys + `)`},
	}
	for _, tt := range tests {
		_, err := parseCheckSpec(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("parseCheckSpec(%q)\n  error %v\n  want  %q", tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("parseCheckSpec(%q): a multi-line error", tt.in)
		}
	}
}
