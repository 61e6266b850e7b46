package core

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	cases := []struct {
		raw              string
		verbose, exclude bool
	}{
		{"", false, false},
		{"verbose", true, false},
		{"verbose=", true, false},
		{"verbose=1", true, false},
		{"verbose=true", true, false},
		{"verbose=0", false, false},
		{"verbose=false", false, false},
		{"verbose=false&verbose", true, false},
		{"ver%62ose", true, false},
		{"exclude=db", false, true},
		{"x=1&exclude=db&verbose", true, true},
		{"&&=&verbosee&exclude", false, true},
	}
	for _, c := range cases {
		q := parseQuery(c.raw)
		if q.verbose != c.verbose || q.exclude != c.exclude {
			t.Errorf("parseQuery(%q) = verbose %v exclude %v, want %v %v", c.raw, q.verbose, q.exclude, c.verbose, c.exclude)
		}
	}
}

func TestExcludes(t *testing.T) {
	q := parseQuery("exclude=db&exclude=a+b&exclude=%2Fpath%2f&exclude=100%&exclude=%zz&verbose")
	for _, name := range []string{"db", "a b", "/path/", "100%", "%zz"} {
		if !q.excludes(name) {
			t.Errorf("%q not excluded", name)
		}
	}
	for _, name := range []string{"d", "dbx", "a+b", "verbose", ""} {
		if q.excludes(name) {
			t.Errorf("%q excluded", name)
		}
	}
}

func TestWantsHealthPlusJSON(t *testing.T) {
	cases := map[string]bool{
		"":                            false,
		"*/*":                         false,
		"application/json":            false,
		"application/health+json":     true,
		"Application/Health+JSON":     true,
		"application/health+json;q=0": false,
		"application/json, application/health+json":                true,
		"application/json;q=1, application/health+json;q=0.9":      false,
		"application/health+json;q=0.9, application/json;q=0.5":    true,
		"application/health+json; charset=utf-8; q=0.5, */*;q=0.1": true,
		"application/health+json;q=0.5, application/*":             false,
		"text/html,application/health+json;q=0.001":                true,
		"application/health+json;q=bogus, application/json;q=0.5":  true,
		"  application/health+json  ;  q=1.000 ":                   true,
		"application/health+json;q=1.5, application/json":          true,
	}
	for accept, want := range cases {
		if got := wantsHealthPlusJSON(accept); got != want {
			t.Errorf("wantsHealthPlusJSON(%q) = %v, want %v", accept, got, want)
		}
	}
}

// FuzzQuery checks the in-place query parser against net/url: every
// well-formed exclude value is found, decoded the same way, and nothing
// panics on any input.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"", "verbose", "exclude=db&exclude=a+b", "exclude=%41%zz%", "verbose=0&exclude=&&=", "exclude=%2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q := parseQuery(raw)
		var checks []CheckState
		for rest := raw; rest != ""; {
			var k, v string
			k, v, rest = nextParam(rest)
			if !unescapedEqual(k, "exclude") {
				continue
			}
			if !q.exclude {
				t.Fatalf("exclude %q present but not reported", v)
			}
			var name []byte
			for i := 0; i < len(v); {
				var c byte
				c, i = unescapeAt(v, i)
				name = append(name, c)
			}
			if !q.excludes(string(name)) {
				t.Fatalf("%q: exclude value %q not found", raw, name)
			}
			checks = append(checks, CheckState{Name: string(name)})
			if plain, err := url.QueryUnescape(v); err == nil && plain != string(name) {
				t.Fatalf("%q decoded as %q, net/url says %q", v, name, plain)
			}
		}
		vals, err := url.ParseQuery(raw)
		if err == nil {
			_, hasVerbose := vals["verbose"]
			last := ""
			if vs := vals["verbose"]; len(vs) > 0 {
				last = vs[len(vs)-1]
			}
			want := hasVerbose && last != "0" && last != "false"
			if q.verbose != want {
				t.Fatalf("%q: verbose %v, net/url says %v", raw, q.verbose, want)
			}
		}
		if out := q.appendUnmatched(nil, checks); len(out) != 0 {
			t.Fatalf("%q: every exclusion matches a check, yet %q", raw, out)
		}
	})
}

// FuzzAccept checks that Accept parsing never panics and that naming
// health+json first with the highest q always selects it.
func FuzzAccept(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/health+json;q=0.5, application/json", "a;q=;;,,", "application/json;q=0.9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		got := wantsHealthPlusJSON(accept)
		if !strings.Contains(strings.ToLower(accept), "application/health+json") && got {
			t.Fatalf("%q selects health+json without naming it", accept)
		}
		if !wantsHealthPlusJSON("application/health+json, " + accept) {
			if strings.Contains(accept, "q=") {
				return // a later range may name health+json with q=0
			}
			t.Fatalf("%q after health+json deselects it", accept)
		}
	})
}
