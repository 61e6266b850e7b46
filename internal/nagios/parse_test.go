package nagios

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		out  string
		msg  string
		perf []Perf
	}{
		{name: "empty", out: "", msg: ""},
		{name: "message only", out: "DISK OK - free space: / 3326 MB (56%);\n", msg: "DISK OK - free space: / 3326 MB (56%);"},
		{name: "message trimmed, CRLF", out: "  OK: fine  \r\n", msg: "OK: fine"},
		{
			name: "one item, all fields",
			out:  "DISK OK | /=2643MB;5948;5958;0;5968\n",
			msg:  "DISK OK",
			perf: []Perf{{Label: "/", Value: 2643, UOM: "MB", Warn: "5948", Crit: "5958", Min: "0", Max: "5968"}},
		},
		{
			name: "several items and units",
			out:  "PING OK|rta=0.052000ms;100.000000;500.000000;0.000000 pl=0%;20;60;0 up=12s c=42c x=-1.5e3",
			msg:  "PING OK",
			perf: []Perf{
				{Label: "rta", Value: 0.052, UOM: "ms", Warn: "100.000000", Crit: "500.000000", Min: "0.000000"},
				{Label: "pl", Value: 0, UOM: "%", Warn: "20", Crit: "60", Min: "0"},
				{Label: "up", Value: 12, UOM: "s"},
				{Label: "c", Value: 42, UOM: "c"},
				{Label: "x", Value: -1500},
			},
		},
		{
			name: "quoted labels with spaces and doubled quotes",
			out:  "OK | 'free space'=10GB 'it''s'=3;;;; 'a=b'=1us",
			msg:  "OK",
			perf: []Perf{
				{Label: "free space", Value: 10, UOM: "GB"},
				{Label: "it's", Value: 3},
				{Label: "a=b", Value: 1, UOM: "us"},
			},
		},
		{
			name: "ranges kept as written",
			out:  "WARN | load=5.2;@1:4;~:10;0;",
			msg:  "WARN",
			perf: []Perf{{Label: "load", Value: 5.2, Warn: "@1:4", Crit: "~:10", Min: "0"}},
		},
		{
			name: "long output with perfdata on later lines",
			out:  "DISK OK - free space: / 3326 MB | /=2643MB;5948;5958;0;5968\n/ 15272 MB (77%);\n/boot 68 MB (69%); | /boot=68MB;88;93;0;98\n/home=69357MB;253404;253409;0;253414\n",
			msg:  "DISK OK - free space: / 3326 MB",
			perf: []Perf{
				{Label: "/", Value: 2643, UOM: "MB", Warn: "5948", Crit: "5958", Min: "0", Max: "5968"},
				{Label: "/boot", Value: 68, UOM: "MB", Warn: "88", Crit: "93", Min: "0", Max: "98"},
				{Label: "/home", Value: 69357, UOM: "MB", Warn: "253404", Crit: "253409", Min: "0", Max: "253414"},
			},
		},
		{
			name: "long text without perfdata is not perfdata",
			out:  "OK\nline two a=1\nline three\n",
			msg:  "OK",
		},
		{
			name: "malformed items skipped, good ones kept",
			out: "OK | noequals =1 a= b=x c=1zz d=1;2;3;4;5;6 'unterminated=1 " +
				"''=1 e=.5 f=1..2 g=1KB",
			msg: "OK",
			perf: []Perf{
				{Label: "e", Value: 0.5},
				{Label: "g", Value: 1, UOM: "KB"},
			},
		},
		{
			name: "quoted label without equals",
			out:  "OK | 'lbl' x=1 'q'z=2 y=3",
			msg:  "OK",
			perf: []Perf{{Label: "x", Value: 1}, {Label: "y", Value: 3}},
		},
		{name: "no message, only perfdata", out: "|a=1", msg: "", perf: []Perf{{Label: "a", Value: 1}}},
		{name: "NaN and Inf words are not numbers", out: "|a=NaN b=Inf c=-Inf d=0x10", msg: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, perf := Parse([]byte(tt.out))
			if msg != tt.msg {
				t.Errorf("message = %q, want %q", msg, tt.msg)
			}
			if !reflect.DeepEqual(perf, tt.perf) {
				t.Errorf("perf =\n%+v\nwant\n%+v", perf, tt.perf)
			}
		})
	}
}

func TestParseUndeterminedValue(t *testing.T) {
	_, perf := Parse([]byte("UNKNOWN | temp=U;50;60"))
	if len(perf) != 1 {
		t.Fatalf("got %d items, want 1: %+v", len(perf), perf)
	}
	if p := perf[0]; p.Label != "temp" || !math.IsNaN(p.Value) || p.Warn != "50" || p.Crit != "60" {
		t.Errorf("got %+v, want temp=NaN warn 50 crit 60", p)
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{{0, "pass"}, {1, "warn"}, {2, "fail"}, {3, "unknown"}, {99, "unknown"}, {-1, "unknown"}, {255, "unknown"}}
	for _, tt := range tests {
		if got := StatusOf(tt.code).String(); got != tt.want {
			t.Errorf("StatusOf(%d) = %s, want %s", tt.code, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "OK", "OK | a=1", "OK | 'x y'=1ms;2;3;0;10 b=U", "a\nb | c=1\nd=2",
		"|'''=1", "| 'a''b'=1.5e3KB;;;;", "|=|=", "| a=1;2;3;4;5;6",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, out []byte) {
		msg, perf := Parse(out)
		if strings.ContainsAny(msg, "\n|") {
			t.Errorf("message %q holds a newline or '|'", msg)
		}
		if msg != strings.TrimSpace(msg) {
			t.Errorf("message %q is not trimmed", msg)
		}
		for _, p := range perf {
			if p.Label == "" {
				t.Errorf("item with empty label: %+v", p)
			}
			if _, ok := knownUOM([]byte(p.UOM)); !ok {
				t.Errorf("item with unknown unit: %+v", p)
			}
			if math.IsInf(p.Value, 0) {
				t.Errorf("item with infinite value: %+v", p)
			}
			for _, s := range []string{p.Warn, p.Crit, p.Min, p.Max} {
				if strings.ContainsAny(s, "; \t\r\n") {
					t.Errorf("threshold %q holds a separator: %+v", s, p)
				}
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	out := []byte("PING OK - Packet loss = 0%, RTA = 0.05 ms|rta=0.052ms;100;500;0 'packet loss'=0%;20;60;0\n")
	b.ReportAllocs()
	for b.Loop() {
		Parse(out)
	}
}
