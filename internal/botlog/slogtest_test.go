package botlog

import (
	"bytes"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"testing/slogtest"
)

// TestSlogtest runs the standard library's handler conformance tests, parsing
// each line back into the map they expect.
func TestSlogtest(t *testing.T) {
	var buf bytes.Buffer
	slogtest.Run(t, func(*testing.T) slog.Handler {
		buf.Reset()
		return NewHandler(&buf, Options{})
	}, func(t *testing.T) map[string]any {
		return parseLine(t, buf.String())
	})
}

// parseLine parses "TIME - NAME - LEVEL - MSG k=v ..." where MSG is one word.
func parseLine(t *testing.T, line string) map[string]any {
	line = strings.TrimSuffix(line, "\n")
	m := map[string]any{}
	parts := strings.SplitN(line, " - ", 4)
	if len(parts) == 3 { // zero time: no time field
		parts = append([]string{""}, parts...)
	} else if len(parts) == 4 {
		m[slog.TimeKey] = parts[0]
	} else {
		t.Fatalf("malformed line %q", line)
	}
	m[slog.LevelKey] = parts[2]
	msg, rest, _ := strings.Cut(parts[3], " ")
	m[slog.MessageKey] = msg
	for rest != "" {
		var kv string
		kv, rest = nextPair(t, rest)
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("malformed pair %q in %q", kv, line)
		}
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		}
		keys := strings.Split(k, ".")
		dst := m
		for _, g := range keys[:len(keys)-1] {
			sub, ok := dst[g].(map[string]any)
			if !ok {
				sub = map[string]any{}
				dst[g] = sub
			}
			dst = sub
		}
		dst[keys[len(keys)-1]] = v
	}
	return m
}

// nextPair splits off the first key=value pair, honouring quoted values.
func nextPair(t *testing.T, s string) (pair, rest string) {
	eq := strings.IndexByte(s, '=')
	if eq < 0 {
		t.Fatalf("no '=' in %q", s)
	}
	if eq+1 < len(s) && s[eq+1] == '"' {
		q, err := strconv.QuotedPrefix(s[eq+1:])
		if err != nil {
			t.Fatalf("bad quoted value in %q: %v", s, err)
		}
		end := eq + 1 + len(q)
		return s[:end], strings.TrimPrefix(s[end:], " ")
	}
	pair, rest, _ = strings.Cut(s, " ")
	return pair, rest
}
