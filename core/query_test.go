package core

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/internal/urlquery"
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
		"application/json, application/health+json":                 true,
		"application/json;q=1, application/health+json;q=0.9":       false,
		"application/health+json;q=0.9, application/json;q=0.5":     true,
		"application/health+json; charset=utf-8; q=0.5, */*;q=0.1":  true,
		"application/health+json;q=0.5, application/*":              false,
		"text/html,application/health+json;q=0.001":                 true,
		"application/health+json;q=bogus, application/json;q=0.5":   false, // a malformed range is skipped
		"application/health+json;q=0.9;q=bogus, application/json":   false, // the first q decides
		"  application/health+json  ;  q=1.000 ":                    true,
		"application/health+json;q=1.5, application/json":           false,
		"application/health+json;q=0.5;q=1, application/json;q=0.6": false,
	}
	for accept, want := range cases {
		if got := wantsHealthPlusJSON(accept); got != want {
			t.Errorf("wantsHealthPlusJSON(%q) = %v, want %v", accept, got, want)
		}
	}
}

// FuzzQuery checks the query parser against net/url and the exclude set
// against a plain reading of the query: every exclude value names the check
// it decodes to, no other check is excluded, and only names that match no
// check are warned about.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"", "verbose", "exclude=db&exclude=a+b", "exclude=%41%zz%", "verbose=0&exclude=&&=", "exclude=%2", "exclude=db&exclude=nope"} {
		f.Add(s)
	}
	h := New(Options{Clock: NewManualClock(t0)})
	for _, name := range []string{"db", "a b", "A%zz", "x", "nope2"} {
		h.Reporter(name, GroupReady)
	}
	s := h.Snapshot()
	f.Fuzz(func(t *testing.T, raw string) {
		q := parseQuery(raw)
		named := map[string]bool{}
		var unmatched int
		for rest := raw; rest != ""; {
			var k, v string
			k, v, rest = urlquery.Next(rest)
			if !urlquery.Equal(k, "exclude") {
				continue
			}
			if !q.exclude {
				t.Fatalf("exclude %q present but not reported", v)
			}
			var name []byte
			for i := 0; i < len(v); {
				var c byte
				c, i = urlquery.DecodeAt(v, i)
				name = append(name, c)
			}
			named[string(name)] = true
			if !q.excludes(string(name)) {
				t.Fatalf("%q: exclude value %q not found", raw, name)
			}
			if s.names.lookup(s.checks, v) < 0 {
				unmatched++
			}
			if plain, err := url.QueryUnescape(v); err == nil && plain != string(name) {
				t.Fatalf("%q decoded as %q, net/url says %q", v, name, plain)
			}
		}
		var ex excludeSet
		ex.set(&q, s)
		for i, c := range s.checks {
			if ex.has(i, c.Name) != named[c.Name] {
				t.Fatalf("%q: check %q excluded %v, want %v", raw, c.Name, ex.has(i, c.Name), named[c.Name])
			}
		}
		out := ex.appendUnmatched(nil, s)
		if (len(out) != 0) != (unmatched > 0) || bytes.Count(out, []byte(`","`)) > unmatched {
			t.Fatalf("%q: %d unmatched names, warning %q", raw, unmatched, out)
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

// TestExcludeSetBeyondBits: a check past the bitmask's capacity is still
// excluded by name, and one in it by its bit.
func TestExcludeSetBeyondBits(t *testing.T) {
	checks := make([]CheckState, maxExcludeBits+10)
	for i := range checks {
		checks[i].Name = "c" + itoa(i)
	}
	s := &Snapshot{checks: checks, names: newNameIndex(checks)}
	last := len(checks) - 1
	q := parseQuery("exclude=c3&exclude=c" + itoa(last) + "&exclude=c" + itoa(maxExcludeBits-1) + "&exclude=zz")
	var ex excludeSet
	ex.set(&q, s)
	for i, c := range checks {
		want := i == 3 || i == last || i == maxExcludeBits-1
		if ex.has(i, c.Name) != want {
			t.Errorf("%s excluded %v, want %v", c.Name, ex.has(i, c.Name), want)
		}
	}
	if got := string(ex.appendUnmatched(nil, s)); got != "warn: some health checks cannot be excluded: no matches for \"zz\"\n" {
		t.Errorf("warning %q", got)
	}
}
