package core

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCapMessage(t *testing.T) {
	limit := MaxMessage - len(ellipsis)
	for _, c := range []struct {
		name string
		msg  string
		cut  int // bytes of msg kept; -1 when msg is kept whole
	}{
		{"empty", "", -1},
		{"fits exactly", strings.Repeat("a", MaxMessage), -1},
		{"one byte over", strings.Repeat("a", MaxMessage+1), limit},
		{"megabyte", strings.Repeat("a", 1<<20), limit},
		{"2-byte runes, cut mid-rune", strings.Repeat("é", 1<<19), limit - 1},
		{"3-byte runes, cut mid-rune", "xx" + strings.Repeat("€", 1<<18), limit - 2},
		{"4-byte runes, cut mid-rune", "xx" + strings.Repeat("😀", 1<<18), limit - 3},
		{"4-byte runes, cut on a boundary", strings.Repeat("😀", 1<<18), limit - 1},
		{"invalid UTF-8 is cut where it falls", strings.Repeat("\x80", 1<<12+1), limit - 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := capMessage(c.msg)
			want := c.msg
			if c.cut >= 0 {
				want = c.msg[:c.cut] + ellipsis
			}
			if got != want {
				t.Fatalf("capMessage kept %d bytes (suffix %q), want %d", len(got), got[max(0, len(got)-8):], len(want))
			}
			if len(got) > MaxMessage {
				t.Errorf("%d bytes, more than MaxMessage", len(got))
			}
			if utf8.ValidString(c.msg) && !utf8.ValidString(got) {
				t.Errorf("cutting valid UTF-8 gave invalid UTF-8: suffix %q", got[len(got)-8:])
			}
			if !sameCapped(got, c.msg) {
				t.Error("sameCapped(capMessage(msg), msg) is false")
			}
			if c.cut >= 0 && (sameCapped(c.msg[:c.cut], c.msg) || sameCapped(got[:len(got)-1]+"!", c.msg)) {
				t.Error("sameCapped is true for a different message")
			}
		})
	}
}

// A check or reporter that returns a megabyte message publishes at most
// MaxMessage bytes of it, as valid UTF-8, in every body.
func TestMegabyteMessagesAreCut(t *testing.T) {
	huge := "\n" + strings.Repeat("é", 1<<19) // a line break first: never forges a line
	h, _ := newTestHealth(t, Options{})
	h.Register(CheckConfig{Name: "big", Check: CheckFunc(func(_ context.Context, r *Result) {
		r.Status, r.Message = StatusFail, huge
	})})
	rep, _ := h.Reporter("rep", GroupReady)
	rep.Set(StatusFail, huge)
	h.Start(context.Background())
	defer h.Stop()
	waitFor(t, "big to run", func() bool { return !state(t, h, "big").LastRun.IsZero() })
	for _, name := range []string{"big", "rep"} {
		msg := state(t, h, name).Message
		if len(msg) > MaxMessage || !utf8.ValidString(msg) || !strings.HasSuffix(msg, ellipsis) || !strings.HasPrefix(huge, msg[:len(msg)-len(ellipsis)]) {
			t.Errorf("%s: message of %d bytes (valid UTF-8 %v), want a prefix of at most %d ending in …", name, len(msg), utf8.ValidString(msg), MaxMessage)
		}
	}
	for _, target := range []string{"/health?verbose", "/healthz?verbose", "/readyz/big?verbose"} {
		resp := get(h, target)
		if len(resp.Body) > 2*MaxMessage+1024 || !utf8.Valid(resp.Body) {
			t.Errorf("%s: body of %d bytes (valid UTF-8 %v), want both messages cut", target, len(resp.Body), utf8.Valid(resp.Body))
		}
	}
	if lines := strings.Count(string(get(h, "/readyz/big?verbose").Body), "\n"); lines != 1 {
		t.Errorf("/readyz/big?verbose has %d lines, want 1", lines)
	}
}

// FuzzCapMessage: a kept message is at most MaxMessage bytes, a prefix of
// the original (then "…" when cut), valid UTF-8 when the original was, and
// recognised by sameCapped.
func FuzzCapMessage(f *testing.F) {
	f.Add(strings.Repeat("é", MaxMessage), 0)
	f.Add(strings.Repeat("😀", MaxMessage/3), 2)
	f.Add("short", 0)
	f.Fuzz(func(t *testing.T, s string, pad int) {
		if pad > 0 && pad < 2*MaxMessage {
			s = strings.Repeat("a", pad) + s // long enough to be cut somewhere inside s
		}
		got := capMessage(s)
		if len(got) > MaxMessage || (utf8.ValidString(s) && !utf8.ValidString(got)) || !sameCapped(got, s) {
			t.Fatalf("capMessage(%d bytes) = %d bytes, valid %v", len(s), len(got), utf8.ValidString(got))
		}
		if got != s && (!strings.HasSuffix(got, ellipsis) || !strings.HasPrefix(s, got[:len(got)-len(ellipsis)]) || len(got) < MaxMessage-utf8.UTFMax) {
			t.Fatalf("capMessage(%d bytes) = %d bytes, not a long prefix followed by …", len(s), len(got))
		}
	})
}

// BenchmarkCapMessage measures the cut on the scheduler's path: free for a
// message that fits, one copy of MaxMessage bytes for a megabyte.
func BenchmarkCapMessage(b *testing.B) {
	for _, c := range []struct {
		name string
		msg  string
	}{{"fits", "connection refused"}, {"megabyte", strings.Repeat("é", 1<<19)}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = capMessage(c.msg)
			}
		})
	}
}
