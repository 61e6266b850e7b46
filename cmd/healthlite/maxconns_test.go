package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestServeMaxConns(t *testing.T) {
	clearEnv(t)
	t.Setenv("HEALTHLITE_MAX_CONNS", "")
	parse := func(args ...string) (*serveConfig, int, string) {
		var out, errOut bytes.Buffer
		cfg, code := parseServe(args, &out, &errOut)
		return cfg, code, errOut.String()
	}
	if cfg, _, errOut := parse(); cfg == nil || cfg.maxConns != 0 {
		t.Fatalf("default --max-conns: %+v %s, want auto (0)", cfg, errOut)
	}
	t.Setenv("HEALTHLITE_MAX_CONNS", "500")
	if cfg, _, _ := parse(); cfg.maxConns != 500 {
		t.Errorf("HEALTHLITE_MAX_CONNS=500: %d", cfg.maxConns)
	}
	if cfg, _, _ := parse("--max-conns", "300"); cfg.maxConns != 300 {
		t.Errorf("--max-conns 300 over the environment: %d", cfg.maxConns)
	}
	if cfg, _, _ := parse("--max-conns", "auto"); cfg.maxConns != 0 {
		t.Errorf("--max-conns auto: %d", cfg.maxConns)
	}
	t.Setenv("HEALTHLITE_MAX_CONNS", "")
	for _, bad := range []string{"0", "-1", "many", "1e3"} {
		cfg, code, errOut := parse("--max-conns", bad)
		if cfg != nil || code != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "--max-conns") {
			t.Errorf("--max-conns %s: exit %d, stderr %q; want one line and exit 2", bad, code, errOut)
		}
	}
}

func TestConnCap(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	check, err := parseCheckSpec("db=tcp:127.0.0.1:5432")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		checks, maxConns, limit, want int
		warn                          bool
	}{
		{0, 0, 256, 192, false},   // 256 less 64
		{1, 0, 256, 184, false},   // less 8 more for the check
		{0, 0, 1024, 896, false},  // less an eighth
		{1, 100, 256, 100, false}, // as given
		{1, 250, 256, 250, true},  // as given, eating into the checks' reserve
		{1, 250, 0, 250, false},   // limit unknown
		{40, 0, 256, 64, false},   // never under a quarter of the limit
	} {
		logs.Reset()
		cfg := &serveConfig{maxConns: tc.maxConns}
		for i := 0; i < tc.checks; i++ {
			cfg.checks = append(cfg.checks, check)
		}
		if got := connCap(cfg, tc.limit, log); got != tc.want {
			t.Errorf("%d checks, --max-conns %d, limit %d: cap %d, want %d", tc.checks, tc.maxConns, tc.limit, got, tc.want)
		}
		if warned := strings.Contains(logs.String(), "level=WARN"); warned != tc.warn {
			t.Errorf("%d checks, --max-conns %d, limit %d: warned %v, want %v: %s", tc.checks, tc.maxConns, tc.limit, warned, tc.warn, logs.String())
		}
	}
}
