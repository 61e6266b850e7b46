package botlog

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
)

// FuzzOneLine checks that any message, key and value make exactly one line,
// and that a quoted value reads back as the original.
func FuzzOneLine(f *testing.F) {
	f.Add("Port 8080 is already in use, trying next port...", "err", "bind: address already in use")
	f.Add("a\nb", "k=v", "\"quoted\"\n")
	f.Add("", "", "\xff")
	f.Fuzz(func(t *testing.T, msg, key, value string) {
		var buf bytes.Buffer
		h := NewHandler(&buf, Options{})
		if err := h.Handle(context.Background(), record(slog.LevelInfo, msg, slog.String(key, value))); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
			t.Fatalf("not one line: %q", out)
		}
		if strings.ContainsRune(out[:len(out)-1], '\r') {
			t.Fatalf("carriage return in %q", out)
		}
		if needsQuote(value) {
			i := strings.LastIndex(out, "="+strconv.Quote(value)+"\n")
			if i < 0 {
				t.Fatalf("value %q not quoted at the end of %q", value, out)
			}
		} else if !strings.HasSuffix(out, "="+value+"\n") {
			t.Fatalf("value %q not at the end of %q", value, out)
		}
	})
}
