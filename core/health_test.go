package core

import (
	"context"
	"strings"
	"testing"
	"time"
)

// t0 is the start of every test's ManualClock.
var t0 = time.Date(2025, 6, 4, 19, 29, 30, 0, time.UTC)

// newTestHealth returns a Health on a ManualClock that shows all details.
func newTestHealth(t testing.TB, opts Options) (*Health, *ManualClock) {
	t.Helper()
	c := NewManualClock(t0)
	opts.Clock = c
	if opts.Details == DetailsLocal {
		opts.Details = DetailsAll
	}
	return New(opts), c
}

// waitTimers waits until c has at least n pending timers, so that an
// Advance reaches the goroutine that armed the last of them.
func waitTimers(t testing.TB, c *ManualClock, n int) {
	t.Helper()
	waitFor(t, itoa(n)+" timers", func() bool { return c.Timers() >= n })
}

// state returns the published state of the check named name.
func state(t testing.TB, h *Health, name string) CheckState {
	t.Helper()
	for _, c := range h.Snapshot().Checks() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q in the snapshot", name)
	return CheckState{}
}

// get routes a GET of target ("/readyz?verbose") from a local client.
func get(h *Health, target string) *Response {
	path, query, _ := strings.Cut(target, "?")
	resp := &Response{}
	h.Route(&Request{Method: "GET", Path: path, RawQuery: query, Local: true}, resp)
	return resp
}

// pass is a check that always passes.
var pass = CheckFunc(func(_ context.Context, r *Result) { r.Status = StatusPass })

func TestRegisterRejectsBadConfig(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	if err := h.Register(CheckConfig{Name: "db", Check: pass}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		cfg  CheckConfig
		want string
	}{
		{CheckConfig{Check: pass}, "healthlite: check name is empty"},
		{CheckConfig{Name: "db", Check: pass}, `healthlite: check["db"]: already registered; names must be unique`},
		{CheckConfig{Name: "x"}, `healthlite: check["x"]: Check is nil; set it to a Checker or a CheckFunc`},
		{CheckConfig{Name: "a b", Check: pass}, `healthlite: check["a b"]: name contains a space or control character`},
		{CheckConfig{Name: "a\nb", Check: pass}, `healthlite: check["a\nb"]: name contains a space or control character`},
		{CheckConfig{Name: "bad\xff", Check: pass}, `healthlite: check["bad\xff"]: name is not valid UTF-8`},
		{CheckConfig{Name: strings.Repeat("n", 129), Check: pass}, "name is longer than 128 bytes"},
		{CheckConfig{Name: "t", Check: pass, Timeout: -time.Second}, `healthlite: check["t"]: timeout -1s is negative`},
		{CheckConfig{Name: "i", Check: pass, Interval: -1}, `healthlite: check["i"]: interval -1ns is negative`},
		{CheckConfig{Name: "r", Check: pass, Rise: -1}, `healthlite: check["r"]: rise -1 is negative`},
		{CheckConfig{Name: "g", Check: pass, Groups: 8}, `healthlite: check["g"]: unknown groups 8; use GroupLive, GroupReady and GroupStartup`},
	}
	for _, c := range cases {
		err := h.Register(c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Register(%+v) = %v, want %q", c.cfg.Name, err, c.want)
		}
	}
	if _, err := h.Flag("db", true); err == nil || err.Error() != `healthlite: check["db"]: already registered; names must be unique` {
		t.Errorf("a flag named like a check: %v", err)
	}
	if _, err := h.Flag("status", true); err == nil || !strings.Contains(err.Error(), "reserved field") {
		t.Errorf("a flag named status: %v", err)
	}
	if _, err := h.Heartbeat("hb", 0); err == nil || err.Error() != `healthlite: check["hb"]: heartbeat ttl 0s must be positive` {
		t.Errorf("a heartbeat without ttl: %v", err)
	}
	if _, err := h.Reporter("", GroupLive); err == nil || err.Error() != "healthlite: reporter name is empty" {
		t.Errorf("a reporter without name: %v", err)
	}
	if n := len(h.Snapshot().Checks()); n != 1 {
		t.Errorf("%d checks registered, want only db", n)
	}
}

func TestCheckConfigDefaults(t *testing.T) {
	cfg, err := CheckConfig{Name: "db", Check: pass}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Groups != GroupReady || cfg.Interval != 10*time.Second || cfg.Timeout != 2*time.Second ||
		cfg.InitialDelay != 0 || cfg.Rise != 1 || cfg.Fall != 1 || cfg.NonCritical {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestNewDefaults(t *testing.T) {
	h := New(Options{})
	body := string(get(h, "/health?verbose").Body)
	for _, want := range []string{`"environment":"development"`, `"service":"healthlite"`, `"status":"starting"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/health?verbose = %s, want %s in it", body, want)
		}
	}
	if _, ok := h.clock.(SystemClock); !ok {
		t.Errorf("default clock is %T, want SystemClock", h.clock)
	}
	if strings.Contains(body, `"pid"`) || strings.Contains(body, `"version"`) {
		t.Errorf("pid and version shown though not set: %s", body)
	}
}

func TestRegisterAfterStartRuns(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	if err := h.Start(context.Background()); err == nil || err.Error() != "healthlite: already started; call Stop first" {
		t.Errorf("second Start = %v", err)
	}
	if err := h.Register(CheckConfig{Name: "late", Check: pass}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the late check to run", func() bool { return state(t, h, "late").Status == StatusPass })
}

// contains is strings.Contains, short for assertions on bodies.
func contains(s, sub string) bool { return strings.Contains(s, sub) }
