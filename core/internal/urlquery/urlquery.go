// Package urlquery walks a raw URL query string ("verbose&exclude=a%20b") in
// place, decoding percent escapes on the fly, so that reading a parameter
// never allocates. It is the one query reader of core and core/metrics: the
// router's ?verbose and ?exclude= and the metrics' ?format= are decoded the
// same way.
//
// Decoding follows application/x-www-form-urlencoded as net/url does for
// well-formed input ('+' is a space, "%41" is 'A'); a '%' not followed by
// two hexadecimal digits stands for itself, where net/url would refuse the
// whole query.
package urlquery

// Next splits the first "key=value" parameter off a raw query and returns
// its raw (still escaped) key and value and the rest after the '&'. The
// value is empty when there is no '='. Callers loop until rest is empty.
func Next(raw string) (key, value, rest string) {
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

// DecodeAt decodes the byte of enc at i and returns it with the index of the
// next encoded byte.
func DecodeAt(enc string, i int) (byte, int) {
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

// Equal reports whether enc decodes to plain.
func Equal(enc, plain string) bool {
	if enc == plain && !escaped(enc) {
		return true
	}
	j := 0
	for i := 0; i < len(enc); {
		var c byte
		c, i = DecodeAt(enc, i)
		if j >= len(plain) || plain[j] != c {
			return false
		}
		j++
	}
	return j == len(plain)
}

// EqualFold reports whether enc decodes to plain, ignoring ASCII case;
// plain must be lower case.
func EqualFold(enc, lower string) bool {
	j := 0
	for i := 0; i < len(enc); {
		var c byte
		c, i = DecodeAt(enc, i)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if j >= len(lower) || lower[j] != c {
			return false
		}
		j++
	}
	return j == len(lower)
}

// escaped reports whether s holds a '%' or '+', which decode to another
// byte.
func escaped(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' || s[i] == '+' {
			return true
		}
	}
	return false
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
