package metrics

import (
	"math"
	"strconv"
	"testing"
	"unicode/utf8"
)

// prometheusFloat is expfmt's writeFloat, the definition appendFloat matches.
func prometheusFloat(v float64) string {
	switch {
	case v == 1:
		return "1"
	case v == 0:
		return "0"
	case v == -1:
		return "-1"
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var floatCases = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 1.5, 123456, 999999, -999999, 1e6, -1e6, 1234567,
	1e21, 1e-7, 5e-324, math.MaxFloat64, -math.MaxFloat64, 1 << 53, 0.30000000000000004,
	math.Inf(1), math.Inf(-1), math.NaN(), 999999.5, -0.5,
}

func TestAppendFloatMatchesPrometheus(t *testing.T) {
	for _, v := range floatCases {
		if got, want := string(appendFloat(nil, v)), prometheusFloat(v); got != want {
			t.Errorf("appendFloat(%v) = %q; want %q", v, got, want)
		}
	}
}

func FuzzAppendFloat(f *testing.F) {
	for _, v := range floatCases {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		v := math.Float64frombits(bits)
		if got, want := string(appendFloat(nil, v)), prometheusFloat(v); got != want {
			t.Fatalf("appendFloat(%v) = %q; want %q", v, got, want)
		}
	})
}

func TestCanonicalFloat(t *testing.T) {
	for v, want := range map[float64]string{1: "1.0", 0: "0.0", -1: "-1.0", 0.25: "0.25", 1e6: "1e+06", 100: "100.0", math.Inf(1): "+Inf"} {
		if got := string(appendCanonicalFloat(nil, v)); got != want {
			t.Errorf("appendCanonicalFloat(%v) = %q; want %q", v, got, want)
		}
	}
}

func TestAppendEscaped(t *testing.T) {
	tests := []struct {
		in          string
		label, help string
	}{
		{"plain", "plain", "plain"},
		{`a"b`, `a\"b`, `a"b`},
		{`a\b`, `a\\b`, `a\\b`},
		{"a\nb", `a\nb`, `a\nb`},
		{"tab\tcr\r", "tab\tcr\r", "tab\tcr\r"},
		{"bad\xffutf8\xc3", "bad\ufffdutf8\ufffd", "bad\ufffdutf8\ufffd"},
		{"ünïcødé ✓", "ünïcødé ✓", "ünïcødé ✓"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := string(appendEscaped(nil, tt.in, true)); got != tt.label {
			t.Errorf("label value %q → %q; want %q", tt.in, got, tt.label)
		}
		if got := string(appendEscaped(nil, tt.in, false)); got != tt.help {
			t.Errorf("help %q → %q; want %q", tt.in, got, tt.help)
		}
	}
}

// unescape reverses appendEscaped; ok is false on an escape the formats do
// not define, a trailing backslash, or (for quoted) a bare quote.
func unescape(s string, quoted bool) (string, bool) {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\n', quoted && c == '"':
			return "", false
		case c != '\\':
			b = append(b, c)
			continue
		}
		i++
		if i == len(s) {
			return "", false
		}
		switch s[i] {
		case 'n':
			b = append(b, '\n')
		case '\\':
			b = append(b, '\\')
		case '"':
			if !quoted {
				return "", false
			}
			b = append(b, '"')
		default:
			return "", false
		}
	}
	return string(b), true
}

// validUTF8 replaces invalid bytes by U+FFFD, as the encoders promise.
func validUTF8(s string) string {
	var b []byte
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c\nd", "\xff\xfe", "✓\x00", `\n`, "\"\"\n\n\\\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, quoted := range []bool{true, false} {
			out := string(appendEscaped([]byte("prefix"), s, quoted))[len("prefix"):]
			if !utf8.ValidString(out) {
				t.Fatalf("escaped %q is not valid UTF-8: %q", s, out)
			}
			back, ok := unescape(out, quoted)
			if !ok {
				t.Fatalf("escaped %q (quoted %v) has a bare newline, quote or bad escape: %q", s, quoted, out)
			}
			if want := validUTF8(s); back != want {
				t.Fatalf("round trip of %q (quoted %v): %q; want %q", s, quoted, back, want)
			}
		}
	})
}

func FuzzRegisterLabels(f *testing.F) {
	f.Add("k", "v\n\"\\\xff", "help\n\\")
	f.Fuzz(func(t *testing.T, k, v, help string) {
		r := NewRegistry()
		c, err := r.NewCounter("fuzz_total", help, k, v)
		if err != nil {
			if validLabelName(k) && !(len(k) > 1 && k[:2] == "__") {
				t.Fatalf("valid label %q rejected: %v", k, err)
			}
			return
		}
		c.Inc()
		for _, out := range [][]byte{r.AppendPrometheus(nil), r.AppendOpenMetrics(nil), r.AppendJSON(nil)} {
			if !utf8.Valid(out) {
				t.Fatalf("output is not valid UTF-8: %q", out)
			}
		}
		text := string(r.AppendPrometheus(nil))
		prefix := "fuzz_total{" + k + `="`
		i := len(text) - len(" 1\n") - 2
		j := indexOf(text, prefix)
		if j < 0 || i < j+len(prefix) || text[i:] != "\"} 1\n" {
			t.Fatalf("series line malformed:\n%s", text)
		}
		if got, ok := unescape(text[j+len(prefix):i], true); !ok || got != validUTF8(v) {
			t.Fatalf("label value %q rendered as %q", v, text[j+len(prefix):i])
		}
	})
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
