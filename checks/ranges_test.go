package checks

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseStatusRanges(t *testing.T) {
	tests := []struct {
		in   string
		want StatusRanges
		str  string
	}{
		{"200", StatusRanges{{200, 200}}, "200"},
		{"200-299,304", StatusRanges{{200, 299}, {304, 304}}, "200-299,304"},
		{" 200 - 204 , 418 ", StatusRanges{{200, 204}, {418, 418}}, "200-204,418"},
		{"100-599", StatusRanges{{100, 599}}, "100-599"},
	}
	for _, tt := range tests {
		got, err := ParseStatusRanges(tt.in)
		if err != nil {
			t.Errorf("ParseStatusRanges(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseStatusRanges(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.str {
			t.Errorf("String() = %q, want %q", s, tt.str)
		}
	}
}

func TestParseStatusRangesErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `healthlite: status ranges: empty list; want codes or ranges such as "200-299,304"`},
		{"abc", `healthlite: status range "abc": want CODE or LOW-HIGH with codes in 100-599`},
		{"200,", `healthlite: status range "": want CODE or LOW-HIGH with codes in 100-599`},
		{"99", `healthlite: status range "99": want CODE or LOW-HIGH with codes in 100-599`},
		{"200-600", `healthlite: status range "200-600": want CODE or LOW-HIGH with codes in 100-599`},
		{"300-200", `healthlite: status range "300-200": low end above high end`},
		{"200-", `healthlite: status range "200-": want CODE or LOW-HIGH with codes in 100-599`},
	}
	for _, tt := range tests {
		_, err := ParseStatusRanges(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseStatusRanges(%q) error = %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestStatusRangesContains(t *testing.T) {
	rs := StatusRanges{{200, 299}, {304, 304}}
	for code, want := range map[int]bool{199: false, 200: true, 250: true, 299: true, 300: false, 304: true, 305: false} {
		if got := rs.Contains(code); got != want {
			t.Errorf("Contains(%d) = %v, want %v", code, got, want)
		}
	}
}

func FuzzParseStatusRanges(f *testing.F) {
	for _, s := range []string{"200", "200-299,304", "", "-", ",", "1-2-3", "599-100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := ParseStatusRanges(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "healthlite: status range") {
				t.Errorf("error without prefix: %v", err)
			}
			return
		}
		for _, r := range rs {
			if r.Lo < 100 || r.Hi > 599 || r.Lo > r.Hi {
				t.Errorf("ParseStatusRanges(%q) accepted %v", s, r)
			}
		}
		again, err := ParseStatusRanges(rs.String())
		if err != nil || !reflect.DeepEqual(again, rs) {
			t.Errorf("round trip of %q: %v, %v; want %v", s, again, err, rs)
		}
	})
}
