package metrics

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// appendFloat appends v as Prometheus' text encoder writes it: the shortest
// form that round-trips ('g' with precision -1), and "+Inf", "-Inf", "NaN".
// Whole numbers below 1e6 in magnitude, which 'g' writes as plain digits,
// take a faster path with the same result.
func appendFloat(dst []byte, v float64) []byte {
	if v > -1e6 && v < 1e6 && v == math.Trunc(v) {
		return strconv.AppendInt(dst, int64(v), 10)
	}
	switch {
	case math.IsNaN(v):
		return append(dst, "NaN"...)
	case math.IsInf(v, 1):
		return append(dst, "+Inf"...)
	case math.IsInf(v, -1):
		return append(dst, "-Inf"...)
	}
	return appendShortest(dst, v)
}

// appendCount appends a histogram count as Prometheus' text encoder writes
// it: as a float, so 1e6 and above take exponent form.
func appendCount(dst []byte, n uint64) []byte {
	if n < 1e6 {
		return strconv.AppendUint(dst, n, 10)
	}
	return appendShortest(dst, float64(n))
}

// appendUint appends n in decimal.
func appendUint(dst []byte, n uint64) []byte { return strconv.AppendUint(dst, n, 10) }

// appendCanonicalFloat appends v in OpenMetrics' canonical form, used for
// the le label: as appendFloat, but whole numbers get ".0" ("1.0", "1e+06"
// keeps its exponent).
func appendCanonicalFloat(dst []byte, v float64) []byte {
	start := len(dst)
	dst = appendFloat(dst, v)
	for _, c := range dst[start:] {
		if c == '.' || c == 'e' || c == 'N' || c == 'I' {
			return dst
		}
	}
	return append(dst, '.', '0')
}

// appendJSONFloat appends v as a JSON value: a number, or the strings
// "NaN", "+Inf" and "-Inf", which JSON numbers cannot express.
func appendJSONFloat(dst []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		dst = append(dst, '"')
		dst = appendFloat(dst, v)
		return append(dst, '"')
	}
	return appendFloat(dst, v)
}

// appendEscaped appends s with backslash, newline and, when quote is set,
// double quote escaped by a backslash, as the text formats require of label
// values (quote set) and of Prometheus HELP text (quote unset). Invalid UTF-8
// is replaced by U+FFFD, so the output is always valid UTF-8.
func appendEscaped(dst []byte, s string, quote bool) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != '\\' && c != '\n' && (c != '"' || !quote) {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			if c == '\n' {
				dst = append(dst, '\\', 'n')
			} else {
				dst = append(dst, '\\', c)
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(dst, s[start:]...)
}
