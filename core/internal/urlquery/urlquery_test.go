package urlquery

import (
	"net/url"
	"strings"
	"testing"
)

func TestNext(t *testing.T) {
	var got []string
	for rest := "a=1&b&=c&&d=e=f"; rest != ""; {
		var k, v string
		k, v, rest = Next(rest)
		got = append(got, k+"|"+v)
	}
	if want := "a|1 b| |c | d|e=f"; strings.Join(got, " ") != want {
		t.Errorf("Next splits into %q, want %q", strings.Join(got, " "), want)
	}
}

func TestEqual(t *testing.T) {
	cases := []struct {
		enc, plain string
		want       bool
	}{
		{"db", "db", true},
		{"a+b", "a b", true},
		{"%2Fpath%2f", "/path/", true},
		{"100%", "100%", true},
		{"%zz", "%zz", true},
		{"%4", "%4", true},
		{"d", "db", false},
		{"dbx", "db", false},
		{"a+b", "a+b", false},
		{"", "", true},
	}
	for _, c := range cases {
		if got := Equal(c.enc, c.plain); got != c.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", c.enc, c.plain, got, c.want)
		}
	}
	for enc, want := range map[string]bool{"%70rometheus": true, "PROMETHEUS": true, "Pro%4Detheus": true, "prometheu": false, "prometheus%": false} {
		if got := EqualFold(enc, "prometheus"); got != want {
			t.Errorf("EqualFold(%q, \"prometheus\") = %v, want %v", enc, got, want)
		}
	}
}

// FuzzDecode holds the in-place decoder to net/url for every query net/url
// accepts: the same parameters, decoded to the same keys and values.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "verbose", "exclude=db&exclude=a+b", "exclude=%41%zz%", "format=%70rometheus", "=&&=", "%2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var keys, vals []string
		segments := strings.Split(raw, "&")
		for rest, i := raw, 0; rest != ""; i++ {
			var k, v string
			k, v, rest = Next(rest)
			if segments[i] == "" {
				continue // net/url skips empty parameters
			}
			keys, vals = append(keys, decode(k)), append(vals, decode(v))
			if !Equal(k, decode(k)) || !EqualFold(v, asciiLower(decode(v))) {
				t.Fatalf("%q: Equal or EqualFold disagree with DecodeAt", raw)
			}
		}
		if strings.Contains(raw, ";") {
			return // net/url refuses semicolons
		}
		want, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		got := url.Values{}
		for i := range keys {
			got[keys[i]] = append(got[keys[i]], vals[i])
		}
		if got.Encode() != want.Encode() {
			t.Fatalf("%q: decoded %v, net/url says %v", raw, got, want)
		}
	})
}

func decode(enc string) string {
	var b []byte
	for i := 0; i < len(enc); {
		var c byte
		c, i = DecodeAt(enc, i)
		b = append(b, c)
	}
	return string(b)
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
