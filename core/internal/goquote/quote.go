// Package goquote quotes strings for core's error messages as strconv.Quote
// does. Under the Go toolchain Quote is strconv.Quote; under TinyGo it is
// Small, which leaves out strconv's Unicode tables: 4.5 KB of a
// microcontroller's flash and 1.3 KB of its RAM, for messages that quote
// a name the caller gave.
package goquote

import "unicode/utf8"

const hex = "0123456789abcdef"

// Small returns s quoted as strconv.Quote does for ASCII, invalid UTF-8 and
// the control and line-breaking runes; other runes are written as they are,
// where strconv.Quote escapes the ones Unicode does not call printable
// (unassigned code points, private use, most format characters). Every
// line break is escaped: the quoted string is always one line.
func Small(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			if c == '"' || c == '\\' {
				b = append(b, '\\')
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, '\\', 'x', hex[c>>4], hex[c&0xf])
		case r < 0x20 || r == 0x7f:
			if e := shortEscape(byte(r)); e != 0 {
				b = append(b, '\\', e)
			} else {
				b = append(b, '\\', 'x', hex[r>>4], hex[r&0xf])
			}
		case invisible(r):
			b = append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(append(b, '"'))
}

// shortEscape returns the letter of c's one-letter escape, or 0.
func shortEscape(c byte) byte {
	switch c {
	case '\a':
		return 'a'
	case '\b':
		return 'b'
	case '\f':
		return 'f'
	case '\n':
		return 'n'
	case '\r':
		return 'r'
	case '\t':
		return 't'
	case '\v':
		return 'v'
	}
	return 0
}

// invisible reports whether r is a rune below U+10000 that strconv.Quote
// escapes and that cannot be seen or breaks a line: C1 controls (U+0085 is
// a line break), the no-break and soft hyphen's neighbours that Unicode
// does not call printable, zero-width and bidirectional marks, line and
// paragraph separators, the other spaces, invisible operators, the byte order mark and
// interlinear annotations.
func invisible(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0xa0, r == 0xad:
		return true
	case r >= 0x2000 && r <= 0x200f, r >= 0x2028 && r <= 0x202f, r >= 0x205f && r <= 0x206f:
		return true
	case r == 0x1680, r == 0x3000, r == 0xfeff, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}
