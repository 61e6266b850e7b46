package core

import (
	"github.com/healthlite/healthlite/core/internal/accept"
	"github.com/healthlite/healthlite/core/internal/urlquery"
)

// query is a parsed raw query string. Parsing and lookups walk the raw
// string in place (urlquery decodes percent escapes on the fly), so that
// they never allocate.
type query struct {
	raw     string
	verbose bool // "verbose" present, and not "verbose=0" or "verbose=false"
	exclude bool // at least one "exclude=NAME"
}

// parseQuery parses the parameters the router knows; others are ignored.
func parseQuery(raw string) query {
	q := query{raw: raw}
	for rest := raw; rest != ""; {
		var k, v string
		k, v, rest = urlquery.Next(rest)
		switch {
		case urlquery.Equal(k, "verbose"):
			q.verbose = !urlquery.Equal(v, "0") && !urlquery.Equal(v, "false")
		case urlquery.Equal(k, "exclude"):
			q.exclude = true
		}
	}
	return q
}

// excludes reports whether an "exclude" parameter names name, by walking the
// whole query: excludeSet uses it only for checks beyond its bits.
func (q *query) excludes(name string) bool {
	if !q.exclude {
		return false
	}
	for rest := q.raw; rest != ""; {
		var k, v string
		k, v, rest = urlquery.Next(rest)
		if urlquery.Equal(k, "exclude") && urlquery.Equal(v, name) {
			return true
		}
	}
	return false
}

// maxExcludeBits is how many checks an excludeSet holds as bits (128 bytes
// on the stack: TinyGo puts objects over 256 bytes on the heap on a board
// with small stacks, which made every ?exclude= allocate there). A check
// beyond it is looked up by walking the query.
const maxExcludeBits = 1024

// excludeSet is the set of a snapshot's checks that a query's "exclude"
// parameters name, as one bit per check (by index in Snapshot.checks). It is
// built by one walk of the query with a hash lookup per name, so its cost is
// linear in the query's length whatever the number of checks; names that
// match no check are ignored (appendUnmatched lists them).
type excludeSet struct {
	q    query
	bits [maxExcludeBits / 64]uint64
}

// set fills x from q for the checks of s.
func (x *excludeSet) set(q *query, s *Snapshot) {
	x.q = *q
	for rest := q.raw; rest != ""; {
		var k, v string
		k, v, rest = urlquery.Next(rest)
		if !urlquery.Equal(k, "exclude") {
			continue
		}
		if i := s.names.lookup(s.checks, v); i >= 0 && i < maxExcludeBits {
			x.bits[i/64] |= 1 << (i % 64)
		}
	}
}

// has reports whether check i of the snapshot, named name, is excluded. A
// nil x excludes nothing.
func (x *excludeSet) has(i int, name string) bool {
	switch {
	case x == nil:
		return false
	case i < maxExcludeBits:
		return x.bits[i/64]&(1<<(i%64)) != 0
	}
	return x.q.excludes(name)
}

// appendUnmatched appends the apiserver's warning for excluded names that
// match no check of s:
//
//	warn: some health checks cannot be excluded: no matches for "a","b"
//
// It appends nothing when every exclusion matched.
func (x *excludeSet) appendUnmatched(dst []byte, s *Snapshot) []byte {
	n := 0
	for rest := x.q.raw; rest != ""; {
		var k, v string
		k, v, rest = urlquery.Next(rest)
		if !urlquery.Equal(k, "exclude") || s.names.lookup(s.checks, v) >= 0 {
			continue
		}
		if n == 0 {
			dst = append(dst, "warn: some health checks cannot be excluded: no matches for "...)
		} else {
			dst = append(dst, ',')
		}
		n++
		dst = appendQuotedUnescape(dst, v)
	}
	if n > 0 {
		dst = append(dst, '\n')
	}
	return dst
}

// appendQuotedUnescape appends the decoded enc in double quotes, with
// quotes, backslashes and control characters escaped as Go quotes them.
func appendQuotedUnescape(dst []byte, enc string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(enc); {
		var c byte
		c, i = urlquery.DecodeAt(enc, i)
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20 || c == 0x7f:
			dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// wantsHealthPlusJSON reports whether an Accept header prefers
// application/health+json to application/json. health+json must be named
// explicitly (wildcards select plain JSON, the bot server's format), with a
// q-value above 0 and at least that of application/json, application/* or
// */*. A range with a malformed q-value is skipped, as /metrics does.
func wantsHealthPlusJSON(header string) bool {
	plus, plain := -1, -1
	for rest := header; rest != ""; {
		var typ, params string
		typ, params, rest = accept.Next(rest)
		q, ok := accept.Weight(params)
		switch {
		case !ok:
			continue // a malformed q-value: the range is skipped
		case accept.EqualFold(typ, "application/health+json"):
			plus = max(plus, q)
		case accept.EqualFold(typ, "application/json"), accept.EqualFold(typ, "application/*"), typ == "*/*":
			plain = max(plain, q)
		}
	}
	return plus > 0 && plus >= plain
}
