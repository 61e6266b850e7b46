package jsonenc

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendString(t *testing.T) {
	cases := map[string]string{
		"":              `""`,
		"ok":            `"ok"`,
		"a\"b\\c":       `"a\"b\\c"`,
		"line\nnext\t!": `"line\nnext\t!"`,
		"\x00\x1f":      `"\u0000\u001f"`,
		"<a&b>":         `"\u003ca\u0026b\u003e"`,
		"bad\xffbyte":   "\"bad\ufffdbyte\"",
		"\u2028\u2029":  `"\u2028\u2029"`,
		"héllo, 世界":     `"héllo, 世界"`,
	}
	for in, want := range cases {
		if got := string(AppendString(nil, in)); got != want {
			t.Errorf("AppendString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestAppendStringAllocs(t *testing.T) {
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() { buf = AppendString(buf[:0], "a \"quoted\" message\n") }); n != 0 {
		t.Fatalf("AppendString allocates %v times per run, want 0", n)
	}
}

// FuzzAppendString proves the output is always a JSON string that
// encoding/json decodes back to the input, with invalid UTF-8 replaced.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "ok", "a\"b", "\x00", "\xff\xfe", "\u2028", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("AppendString(%q) = %s: not valid JSON: %v", s, out, err)
		}
		if want := strings.ToValidUTF8(s, "\ufffd"); back != want && utf8.ValidString(s) {
			t.Fatalf("round trip of %q gave %q", s, back)
		}
		if !utf8.ValidString(s) && !utf8.Valid(out) {
			t.Fatalf("output of %q is not valid UTF-8", s)
		}
	})
}
