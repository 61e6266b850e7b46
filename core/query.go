package core

import "github.com/healthlite/healthlite/core/internal/accept"

// query is a parsed raw query string. Parsing and lookups walk the raw
// string in place, decoding percent escapes on the fly, so that they never
// allocate.
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
		k, v, rest = nextParam(rest)
		switch {
		case unescapedEqual(k, "verbose"):
			q.verbose = !unescapedEqual(v, "0") && !unescapedEqual(v, "false")
		case unescapedEqual(k, "exclude"):
			q.exclude = true
		}
	}
	return q
}

// nextParam splits the first "key=value" off a raw query.
func nextParam(raw string) (key, value, rest string) {
	part := raw
	for i := 0; i < len(raw); i++ {
		if raw[i] == '&' {
			part, rest = raw[:i], raw[i+1:]
			break
		}
	}
	for i := 0; i < len(part); i++ {
		if part[i] == '=' {
			return part[:i], part[i+1:], rest
		}
	}
	return part, "", rest
}

// excludes reports whether an "exclude" parameter names name.
func (q *query) excludes(name string) bool {
	if !q.exclude {
		return false
	}
	for rest := q.raw; rest != ""; {
		var k, v string
		k, v, rest = nextParam(rest)
		if unescapedEqual(k, "exclude") && unescapedEqual(v, name) {
			return true
		}
	}
	return false
}

// appendUnmatched appends the apiserver's warning for excluded names that
// match no check in checks:
//
//	warn: some health checks cannot be excluded: no matches for "a","b"
//
// It appends nothing when every exclusion matched.
func (q *query) appendUnmatched(dst []byte, checks []CheckState) []byte {
	n := 0
	for rest := q.raw; rest != ""; {
		var k, v string
		k, v, rest = nextParam(rest)
		if !unescapedEqual(k, "exclude") {
			continue
		}
		matched := false
		for i := range checks {
			if unescapedEqual(v, checks[i].Name) {
				matched = true
				break
			}
		}
		if matched {
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
		c, i = unescapeAt(enc, i)
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

// unhex returns the value of a hexadecimal digit, or -1.
func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// unescapeAt decodes the byte of enc at i as a query does ('+' is a space,
// "%41" is 'A'; a '%' not followed by two hex digits stands for itself) and
// returns it with the index of the next byte.
func unescapeAt(enc string, i int) (byte, int) {
	c := enc[i]
	switch c {
	case '+':
		return ' ', i + 1
	case '%':
		if i+2 < len(enc) {
			hi, lo := unhex(enc[i+1]), unhex(enc[i+2])
			if hi >= 0 && lo >= 0 {
				return byte(hi<<4 | lo), i + 3
			}
		}
	}
	return c, i + 1
}

// unescapedEqual reports whether the query-escaped enc decodes to plain.
func unescapedEqual(enc, plain string) bool {
	j := 0
	for i := 0; i < len(enc); {
		var c byte
		c, i = unescapeAt(enc, i)
		if j >= len(plain) || plain[j] != c {
			return false
		}
		j++
	}
	return j == len(plain)
}

// wantsHealthPlusJSON reports whether an Accept header prefers
// application/health+json to application/json. health+json must be named
// explicitly (wildcards select plain JSON, the bot server's format), with a
// q-value above 0 and at least that of application/json, application/* or
// */*.
func wantsHealthPlusJSON(header string) bool {
	plus, plain := -1, -1
	for rest := header; rest != ""; {
		var typ, params string
		typ, params, rest = accept.Next(rest)
		q := qValue(params)
		switch {
		case accept.EqualFold(typ, "application/health+json"):
			plus = max(plus, q)
		case accept.EqualFold(typ, "application/json"), accept.EqualFold(typ, "application/*"), typ == "*/*":
			plain = max(plain, q)
		}
	}
	return plus > 0 && plus >= plain
}

// qValue returns the q parameter among a media range's params
// ("q=0.5; level=1") in thousandths: the first valid one, or 1000 when none
// is, as if a malformed q were not there.
func qValue(params string) int {
	for rest := params; rest != ""; {
		var name, value string
		name, value, rest = accept.NextParam(rest)
		if !accept.EqualFold(name, "q") {
			continue
		}
		if q, ok := accept.ParseQ(value); ok {
			return q
		}
	}
	return 1000
}
