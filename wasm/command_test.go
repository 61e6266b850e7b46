package wasm

import (
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

func TestCommand(t *testing.T) {
	const msg = "OK - queue depth 12"
	for _, tc := range []struct {
		args []string
		want core.Status
		msg  string
	}{
		{nil, core.StatusPass, msg},
		{[]string{"0"}, core.StatusPass, msg},
		{[]string{"1"}, core.StatusWarn, msg},
		{[]string{"2"}, core.StatusFail, msg},
		{[]string{"3"}, core.StatusUnknown, msg},
		{[]string{"99"}, core.StatusUnknown, msg + " (exit code 99 is not a status (0 pass, 1 warn, 2 fail, 3 unknown))"},
	} {
		c := load(t, "command", Options{Name: "cmd", Args: tc.args})
		for i := 0; i < 2; i++ { // each run is a fresh instance
			r := run(c)
			if r.Status != tc.want || r.Message != tc.msg {
				t.Errorf("args %v run %d: got %v %q, want %v %q", tc.args, i, r.Status, r.Message, tc.want, tc.msg)
			}
			m := c.LastMetrics()
			if len(m) != 2 || m[0] != (Metric{"depth", 12}) || m[1] != (Metric{"oldest_age", 3.5}) {
				t.Errorf("args %v: metrics %v, want depth 12 and oldest_age 3.5", tc.args, m)
			}
			if !r.HasValue || r.Value != 12 {
				t.Errorf("value %v %v, want 12", r.Value, r.HasValue)
			}
		}
	}
}

func TestCommandFloodIsCapped(t *testing.T) {
	c := load(t, "flood", Options{})
	r := run(c)
	if r.Status != core.StatusWarn || r.Message != "WARNING - flooding" {
		t.Fatalf("got %v %q", r.Status, r.Message)
	}
	var b cappedBuffer
	b.max = 10
	n, err := b.Write([]byte(strings.Repeat("x", 25)))
	b.Write([]byte("yy"))
	if n != 25 || err != nil || string(b.buf) != strings.Repeat("x", 10) {
		t.Fatalf("cappedBuffer: %d %v %q", n, err, b.buf)
	}
}

func TestCommandEndlessLoop(t *testing.T) {
	c := load(t, "cmdloop", Options{Timeout: 20 * time.Millisecond})
	if r := run(c); r.Status != core.StatusFail || r.Message != "timeout after 20ms" {
		t.Fatalf("got %v %q", r.Status, r.Message)
	}
}

func TestMetricName(t *testing.T) {
	for in, want := range map[string]string{
		"depth":       "depth",
		"oldest age":  "oldest_age",
		"9lives":      "_9lives",
		"/var usage%": "_var_usage_",
		"":            "",
	} {
		if got := string(metricName(in)); got != want {
			t.Errorf("metricName(%q) = %q, want %q", in, got, want)
		}
		if in != "" && !validMetricName(metricName(in)) {
			t.Errorf("metricName(%q) is not a valid name", in)
		}
	}
}
