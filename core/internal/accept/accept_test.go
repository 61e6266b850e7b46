package accept

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// collect calls next until rest is empty and lists what it returned, each
// pair as "a|b".
func collect(s string, next func(string) (a, b, rest string)) []string {
	var got []string
	for rest := s; rest != ""; {
		var a, b string
		a, b, rest = next(rest)
		got = append(got, a+"|"+b)
	}
	return got
}

func TestNext(t *testing.T) {
	cases := map[string][]string{
		"":    nil,
		"*/*": {"*/*|"},
		"text/plain;version=0.0.4;q=0.5,*/*;q=0.1": {"text/plain|version=0.0.4;q=0.5", "*/*|q=0.1"},
		"  application/health+json  ;  q=1.000 ":   {"application/health+json|  q=1.000 "},
		"\ttext/html\t, application/json":          {"text/html|", "application/json|"},
		",,;;,":                                    {"|", "|", "|;"},
		"a,":                                       {"a|"},
	}
	for header, want := range cases {
		if got := collect(header, Next); !slices.Equal(got, want) {
			t.Errorf("Next over %q: %q, want %q", header, got, want)
		}
	}
}

func TestNextParam(t *testing.T) {
	cases := map[string][]string{
		"":                               nil,
		"q=0.5":                          {"q|0.5"},
		"version=0.0.4;q=0.5":            {"version|0.0.4", "q|0.5"},
		"  q = 1.000 ;\tcharset=utf-8\t": {"q|1.000", "charset|utf-8"},
		"q;=;a=b=c":                      {"q|", "|", "a|b=c"},
		";;":                             {"|", "|"},
	}
	for params, want := range cases {
		if got := collect(params, NextParam); !slices.Equal(got, want) {
			t.Errorf("NextParam over %q: %q, want %q", params, got, want)
		}
	}
}

func TestParseQ(t *testing.T) {
	cases := map[string]int{"0": 0, "1": 1000, "0.": 0, "1.": 1000, "1.000": 1000, "0.5": 500, "0.05": 50, "0.001": 1, "0.123": 123}
	for in, want := range cases {
		if got, ok := ParseQ(in); !ok || got != want {
			t.Errorf("ParseQ(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "2", "1.5", "1.001", "-1", "-0", "a", "0.1234", "0,5", ".5", "0.5x", "01", " 1"} {
		if _, ok := ParseQ(bad); ok {
			t.Errorf("ParseQ(%q) accepted", bad)
		}
	}
}

// TestWeight: the one q-value rule of both negotiations: the first q
// parameter decides, none means 1, and a malformed one makes the range
// unusable (ok false).
func TestWeight(t *testing.T) {
	for _, tc := range []struct {
		params string
		q      int
		ok     bool
	}{
		{"", 1000, true},
		{"version=0.0.4", 1000, true},
		{"version=0.0.4; Q=0.5", 500, true},
		{" q = 0.25 ;level=1", 250, true},
		{"q=0.5;q=1", 500, true},
		{"q=1;q=bogus", 1000, true},
		{"q=bogus;q=1", 0, false},
		{"q=1.5", 0, false},
		{"q=", 0, false},
	} {
		if q, ok := Weight(tc.params); q != tc.q || ok != tc.ok {
			t.Errorf("Weight(%q) = %d, %v; want %d, %v", tc.params, q, ok, tc.q, tc.ok)
		}
	}
}

func TestEqualFold(t *testing.T) {
	for _, s := range []string{"text/plain", "TEXT/PLAIN", "Text/Plain"} {
		if !EqualFold(s, "text/plain") {
			t.Errorf("EqualFold(%q, %q) = false", s, "text/plain")
		}
	}
	for _, s := range []string{"", "text/plai", "text/plainx", "text_plain", "téxt/plain"} {
		if EqualFold(s, "text/plain") {
			t.Errorf("EqualFold(%q, %q) = true", s, "text/plain")
		}
	}
}

func TestAllocatesNothing(t *testing.T) {
	const header = "application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
	var plain, sum int
	n := testing.AllocsPerRun(100, func() {
		plain, sum = 0, 0
		for rest := header; rest != ""; {
			var typ, params string
			typ, params, rest = Next(rest)
			if EqualFold(typ, "text/plain") {
				plain++
			}
			for params != "" {
				var name, value string
				name, value, params = NextParam(params)
				if q, ok := ParseQ(value); ok && EqualFold(name, "q") {
					sum += q
				}
			}
		}
	})
	if n != 0 {
		t.Errorf("reading an Accept header: %v allocations, want 0", n)
	}
	if plain != 1 || sum != 1350 {
		t.Errorf("read %d text/plain ranges and q-values summing to %d, want 1 and 1350", plain, sum)
	}
}

// FuzzAcceptHeader checks that Next and NextParam never panic, consume the
// whole header, and return trimmed parts without separators, and that ParseQ
// agrees with strconv.ParseFloat on what it accepts.
func FuzzAcceptHeader(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/health+json;q=0.5, application/json", "a;q=;;,,", "text/plain;version=0.0.4;q=0.4,*/*;q=0.1", "x; q = 1.000 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		ranges := 0
		for rest := header; rest != ""; {
			var typ, params string
			before := rest
			typ, params, rest = Next(rest)
			ranges++
			if len(rest) >= len(before) {
				t.Fatalf("Next(%q) did not advance", before)
			}
			if strings.ContainsAny(typ, ",;") || strings.ContainsAny(params, ",") || typ != strings.Trim(typ, " \t") {
				t.Fatalf("Next(%q) = type %q, params %q", before, typ, params)
			}
			for params != "" {
				var name, value string
				name, value, params = NextParam(params)
				if strings.ContainsAny(name, ";=") || strings.Contains(value, ";") ||
					name != strings.Trim(name, " \t") || value != strings.Trim(value, " \t") {
					t.Fatalf("NextParam: name %q, value %q", name, value)
				}
				checkQ(t, value)
			}
		}
		if want := strings.Count(strings.TrimSuffix(header, ","), ",") + 1; header != "" && ranges != want {
			t.Fatalf("%q: %d ranges, want %d", header, ranges, want)
		}
		checkQ(t, header)
	})
}

// checkQ checks ParseQ(s) against strconv.ParseFloat: whatever ParseQ
// accepts is a number in [0, 1] with at most three decimals, worth q/1000.
func checkQ(t *testing.T, s string) {
	q, ok := ParseQ(s)
	if !ok {
		return
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 1 || q != int(v*1000+0.5) {
		t.Fatalf("ParseQ(%q) = %d, but ParseFloat says %v, %v", s, q, v, err)
	}
	if dot := strings.IndexByte(s, '.'); dot >= 0 && len(s)-dot-1 > 3 {
		t.Fatalf("ParseQ(%q) accepted more than three decimals", s)
	}
}
