package botlog

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendEscaped(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, é 日本 \\ path", "plain text, é 日本 \\ path"},
		{"two\nlines\r\ttab", `two\nlines\r\ttab`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},                                                 // ANSI colour
		{"\x1b]0;owned title\x07", `\x1b]0;owned title\x07`},                                         // OSC window title
		{"\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", `\x1b]8;;http://evil\x1b\link\x1b]8;;\x1b\`}, // OSC 8 hyperlink
		{"\u009b2J clear", `\u009b2J clear`},                                                         // C1 CSI
		{"\xff\x9b raw", `\xff\x9b raw`},                                                             // not UTF-8
		{"NUL\x00 DEL\x7f", `NUL\x00 DEL\x7f`},
		{"evil\u202egnp.exe", `evil\u202egnp.exe`}, // right-to-left override
		{"\U000e0001tag", `\U000e0001tag`},
		{"literal \ufffd", "literal \ufffd"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(AppendEscaped(nil, tt.in)); got != tt.want {
			t.Errorf("AppendEscaped(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHandlerEscapesMessage: a check or guest message with terminal escapes
// reaches the log as visible text.
func TestHandlerEscapesMessage(t *testing.T) {
	var buf bytes.Buffer
	h := NewHandler(&buf, Options{})
	msg := "Check db failed: \x1b]0;pwned\x07\x1b[2J\u009b31m"
	if err := h.Handle(context.Background(), record(slog.LevelWarn, msg, slog.String("err", "\x1b[5mblink"))); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\x07") || strings.Contains(out, "\u009b") {
		t.Fatalf("control characters reached the log: %q", out)
	}
	want := ` - WARNING - Check db failed: \x1b]0;pwned\x07\x1b[2J\u009b31m err="\x1b[5mblink"` + "\n"
	if !strings.HasSuffix(out, want) {
		t.Fatalf("got %q, want suffix %q", out, want)
	}
}

// FuzzAppendEscaped: the output is valid UTF-8 without a single control
// character, and printable ASCII passes through unchanged.
func FuzzAppendEscaped(f *testing.F) {
	f.Add("\x1b]0;title\x07")
	f.Add("\xff\u009b\u202e\n")
	f.Add("plain")
	f.Fuzz(func(t *testing.T, s string) {
		out := string(AppendEscaped(nil, s))
		if !utf8.ValidString(out) {
			t.Fatalf("%q → invalid UTF-8 %q", s, out)
		}
		for _, r := range out {
			if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("%q → control character %U in %q", s, r, out)
			}
		}
		if isPlainASCII(s) && out != s {
			t.Fatalf("printable %q changed to %q", s, out)
		}
	})
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func TestAppendEscapedAllocs(t *testing.T) {
	dst := make([]byte, 0, 256)
	msg := "Check db failed: \x1b[31mred\x1b[0m é"
	if n := testing.AllocsPerRun(100, func() { dst = AppendEscaped(dst[:0], msg) }); n != 0 {
		t.Fatalf("%v allocs, want 0", n)
	}
}
