// Package accept splits an HTTP Accept header (RFC 9110, section 12.5.1)
// into media ranges and parameters and parses q-values, in place and without
// allocating. It serves both of healthlite's negotiations: core's choice of
// application/health+json and core/metrics' choice of exposition format.
// Both read a range's weight with Weight, the one q-value rule; each keeps
// its own rule for which range wins.
package accept

// Next splits the first media range off an Accept header: its media type
// with spaces and tabs trimmed, its raw parameters (what follows the first
// ';', for NextParam) and the rest of the header after the ','. Callers loop
// until rest is empty; empty ranges (",,") come back with an empty typ.
func Next(header string) (typ, params, rest string) {
	elem, rest := cut(header, ',')
	typ, params = cut(elem, ';')
	return trimSpace(typ), params, rest
}

// NextParam splits the first parameter off a media range's parameters
// ("q=0.5;version=0.0.4"): its name and value with spaces and tabs trimmed
// (the value is empty when there is no '=') and the rest after the ';'.
// Quoted values are not unquoted: none of the parameters healthlite reads
// needs quoting.
func NextParam(params string) (name, value, rest string) {
	p, rest := cut(params, ';')
	name, value = cut(p, '=')
	return trimSpace(name), trimSpace(value), rest
}

// Weight returns the weight of a media range from its raw parameters, in
// thousandths: that of its first q parameter ("q=0.5; level=1"), 1000 when
// it has none. ok is false when that q is not a valid qvalue: the range is
// malformed, and both negotiations skip it.
func Weight(params string) (q int, ok bool) {
	for rest := params; rest != ""; {
		var name, value string
		name, value, rest = NextParam(rest)
		if EqualFold(name, "q") {
			return ParseQ(value)
		}
	}
	return 1000, true
}

// ParseQ parses an RFC 9110 qvalue ("0", "0.5", "1.000") into thousandths,
// so that q-values compare as integers. ok is false for anything else,
// including values above 1 and more than three decimals.
func ParseQ(s string) (q int, ok bool) {
	if s == "" || s[0] != '0' && s[0] != '1' {
		return 0, false
	}
	q = int(s[0]-'0') * 1000
	if len(s) == 1 {
		return q, true
	}
	if s[1] != '.' || len(s) > 5 {
		return 0, false
	}
	scale := 100
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	if q > 1000 {
		return 0, false
	}
	return q, true
}

// EqualFold reports whether s equals the lower-case ASCII word lower,
// ignoring ASCII case, as media types and parameter names compare.
func EqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// cut splits s around the first sep, or returns s and "".
func cut(s string, sep byte) (before, after string) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// trimSpace removes spaces and tabs, HTTP's whitespace, around s.
func trimSpace(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
