package botlog

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var at = time.Date(2026, 11, 28, 19, 29, 30, 316_000_000, time.Local)

func record(level slog.Level, msg string, attrs ...slog.Attr) slog.Record {
	r := slog.NewRecord(at, level, msg, 0)
	r.AddAttrs(attrs...)
	return r
}

func TestLineFormat(t *testing.T) {
	tests := []struct {
		level slog.Level
		msg   string
		attrs []slog.Attr
		want  string
	}{
		{slog.LevelWarn, "Port 8080 is already in use, trying next port...", nil,
			"2026-11-28 19:29:30,316 - healthlite - WARNING - Port 8080 is already in use, trying next port...\n"},
		{slog.LevelInfo, "Health server started on port 8081", nil,
			"2026-11-28 19:29:30,316 - healthlite - INFO - Health server started on port 8081\n"},
		{slog.LevelDebug, "d", nil, "2026-11-28 19:29:30,316 - healthlite - DEBUG - d\n"},
		{slog.LevelError, "e", []slog.Attr{slog.Int("port", 8080), slog.String("err", "bind: permission denied")},
			"2026-11-28 19:29:30,316 - healthlite - ERROR - e port=8080 err=\"bind: permission denied\"\n"},
		{slog.LevelError + 4, "e", nil, "2026-11-28 19:29:30,316 - healthlite - ERROR - e\n"},
		{slog.LevelWarn - 1, "i", nil, "2026-11-28 19:29:30,316 - healthlite - INFO - i\n"},
		{slog.LevelInfo, "two\nlines\r", nil, "2026-11-28 19:29:30,316 - healthlite - INFO - two\\nlines\\r\n"},
		{slog.LevelInfo, "kinds", []slog.Attr{
			slog.Bool("b", true), slog.Float64("f", 1.5), slog.Uint64("u", 7),
			slog.Duration("d", 2*time.Second), slog.Any("err", errors.New("x y")),
			slog.String("empty", ""), slog.String("eq", "a=b"),
			slog.Group("g", slog.Int("n", 1), slog.Group("h", slog.String("s", "v"))),
			slog.Group("", slog.Int("inline", 2)), {},
		}, "2026-11-28 19:29:30,316 - healthlite - INFO - kinds b=true f=1.5 u=7 d=2s err=\"x y\" empty=\"\" eq=\"a=b\" g.n=1 g.h.s=v inline=2\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		h := NewHandler(&buf, Options{Level: slog.LevelDebug})
		if err := h.Handle(context.Background(), record(tt.level, tt.msg, tt.attrs...)); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

func TestOptions(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(&buf, Options{Name: "bot", Level: slog.LevelWarn}))
	log.Info("hidden")
	log.Warn("shown")
	re := regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - bot - WARNING - shown\n$`)
	if !re.MatchString(buf.String()) {
		t.Fatalf("got %q, want a line matching %v", buf.String(), re)
	}

	buf.Reset()
	slog.New(NewHandler(&buf, Options{})).Debug("hidden")
	if buf.Len() != 0 {
		t.Fatalf("the default level wrote a DEBUG record: %q", buf.String())
	}
}

func TestWithAttrsAndGroup(t *testing.T) {
	var buf bytes.Buffer
	h := NewHandler(&buf, Options{}).WithAttrs([]slog.Attr{slog.String("svc", "bot")}).WithGroup("req")
	h = h.WithAttrs([]slog.Attr{slog.Int("id", 3)})
	r := slog.NewRecord(time.Time{}, slog.LevelInfo, "m", 0)
	r.AddAttrs(slog.String("path", "/health"))
	if err := h.Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "healthlite - INFO - m svc=bot req.id=3 req.path=/health\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestConcurrentLinesStayWhole writes from many goroutines and checks that
// no two lines interleave.
func TestConcurrentLinesStayWhole(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(&buf, Options{}))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				log.Info("Health server started on port 8081", "g", g)
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 800 {
		t.Fatalf("got %d lines, want 800", len(lines))
	}
	re := regexp.MustCompile(`^[0-9 :,-]{23} - healthlite - INFO - Health server started on port 8081 g=[0-7]$`)
	for _, l := range lines {
		if !re.MatchString(l) {
			t.Fatalf("mangled line %q", l)
		}
	}
}
