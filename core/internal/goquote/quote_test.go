package goquote

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSmallMatchesStrconv: for ASCII, invalid UTF-8, printable runes and
// the runes Small escapes, Small is strconv.Quote.
func TestSmallMatchesStrconv(t *testing.T) {
	for _, s := range []string{"", "db", `a"b\c`, "tab\there", "line\nbreak\r\n", "\a\b\f\v\x00\x1f\x7f", "\xff\xfe", "a\xc3",
		"héllo wörld ✓ 日本", "nbsp\u00a0", "shy\u00ad", "nel\u0085", "ls\u2028ps\u2029", "zw\u200b\u200d\u200e", "bom\ufeff", "sp\u3000",
		"bidi\u202a\u202e", "op\u2060\u2064", "ann\ufff9\ufffb", "😀"} {
		if got, want := Small(s), strconv.Quote(s); got != want {
			t.Errorf("Small(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestSmallAgreesOnEveryBMPRune: every rune below U+10000 is quoted as
// strconv.Quote does it, except the non-printable ones Small leaves as
// they are; none of those is a space or a control (so the quote stays on
// one visible line).
func TestSmallAgreesOnEveryBMPRune(t *testing.T) {
	differ := 0
	for r := rune(0); r < 0x10000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		got, want := Small(s), strconv.Quote(s)
		if got == want {
			continue
		}
		differ++
		if strconv.IsPrint(r) || unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(got, '\\') {
			t.Errorf("U+%04X: Small %s, strconv %s", r, got, want)
		}
	}
	t.Logf("%d runes below U+10000 (unassigned, private use, format) are not escaped as strconv.Quote escapes them", differ)
}

// TestQuoteIsStrconvOnGo: with the Go toolchain Quote is strconv.Quote.
func TestQuoteMatchesStrconv(t *testing.T) {
	for _, s := range []string{"db", "a\nb", "\xff"} {
		if got, want := Quote(s), strconv.Quote(s); got != want {
			t.Errorf("Quote(%q) = %s, want %s", s, got, want)
		}
	}
}
