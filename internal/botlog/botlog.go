// Package botlog is a log/slog handler that writes the bot server's log line
// format, so that log alerts written for the bot server keep matching:
//
//	2026-11-28 19:29:30,316 - healthlite - WARNING - Port 8080 is already in use, trying next port...
//
// The fields are the record's local time with milliseconds after a comma,
// the logger name, the level word (DEBUG, INFO, WARNING or ERROR) and the
// message. Attributes, when a record has any, follow the message as
// " key=value" pairs, so a line without attributes is exactly the bot
// server's line.
package botlog

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// DefaultName is the logger name written when Options.Name is empty.
const DefaultName = "healthlite"

// timeLayout is Python logging's default asctime: "2026-11-28 19:29:30,316".
const timeLayout = "2006-01-02 15:04:05,000"

// Options configure a Handler. The zero value writes INFO and above under the
// name "healthlite".
type Options struct {
	// Name is the logger name, the second field of every line.
	// By default DefaultName ("healthlite").
	Name string
	// Level is the minimum level written. By default slog.LevelInfo.
	Level slog.Leveler
}

// Handler writes records in the bot server's line format. It is safe for
// concurrent use; each record is written with a single Write call.
type Handler struct {
	out   *output
	name  string
	level slog.Leveler
	// attrs holds the pre-rendered " key=value" text of WithAttrs calls.
	attrs []byte
	// prefix is the group prefix ("g1.g2.") for attributes added later.
	prefix string
}

// output is the writer shared by a Handler and the handlers derived from it.
type output struct {
	mu sync.Mutex
	w  io.Writer
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// NewHandler returns a Handler writing to w.
func NewHandler(w io.Writer, opts Options) *Handler {
	h := &Handler{out: &output{w: w}, name: opts.Name, level: opts.Level}
	if h.name == "" {
		h.name = DefaultName
	}
	if h.level == nil {
		h.level = slog.LevelInfo
	}
	return h
}

// Enabled reports whether level is at or above the handler's minimum level.
func (h *Handler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.level.Level()
}

// Handle writes one line for r.
func (h *Handler) Handle(_ context.Context, r slog.Record) error {
	bp := bufPool.Get().(*[]byte)
	b := appendRecord((*bp)[:0], h.name, r)
	b = append(b, h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		b = appendAttr(b, h.prefix, a)
		return true
	})
	b = append(b, '\n')
	h.out.mu.Lock()
	_, err := h.out.w.Write(b)
	h.out.mu.Unlock()
	if cap(b) <= 64<<10 {
		*bp = b
		bufPool.Put(bp)
	}
	return err
}

// WithAttrs returns a handler that appends attrs to every line.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	h2 := *h
	h2.attrs = append([]byte(nil), h.attrs...)
	for _, a := range attrs {
		h2.attrs = appendAttr(h2.attrs, h.prefix, a)
	}
	return &h2
}

// WithGroup returns a handler that qualifies later attribute keys with name,
// as "name.key".
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	h2.prefix = h.prefix + name + "."
	return &h2
}

// appendRecord appends "TIME - NAME - LEVEL - MESSAGE" for r, without
// attributes or newline. A record with a zero time has no time field.
func appendRecord(dst []byte, name string, r slog.Record) []byte {
	if !r.Time.IsZero() {
		dst = r.Time.AppendFormat(dst, timeLayout)
		dst = append(dst, " - "...)
	}
	dst = append(dst, name...)
	dst = append(dst, " - "...)
	dst = append(dst, levelWord(r.Level)...)
	dst = append(dst, " - "...)
	return appendMessage(dst, r.Message)
}

// appendMessage appends msg escaped as AppendEscaped does, so that one
// record is always one line and no guest or check string can drive the
// operator's terminal.
func appendMessage(dst []byte, msg string) []byte { return AppendEscaped(dst, msg) }

// AppendEscaped appends s for a terminal or a text log: printable text as
// is, and every control character escaped, so that a string that came from a
// check, a guest module or a remote server can neither break the line nor
// send ANSI/OSC escape sequences to the operator's terminal. Line breaks and
// tabs become \n, \r and \t; other C0 controls, DEL and bytes that are not
// valid UTF-8 become \xNN (ESC is \x1b); characters Go does not consider
// printable (C1 controls such as U+009B, bidirectional overrides, zero-width
// and line separators) become \uNNNN. Backslashes are not escaped, so
// printable text (Windows paths, regular expressions) reads as it was.
func AppendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= ' ' && c < utf8.RuneSelf && c != 0x7f {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if size > 1 && strconv.IsPrint(r) { // U+FFFD itself is printable
				i += size
				continue
			}
			dst = append(dst, s[start:i]...)
			if size == 1 { // not valid UTF-8
				dst = appendHexByte(append(dst, '\\', 'x'), c)
			} else {
				dst = appendUnicode(dst, r)
			}
			i += size
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = appendHexByte(append(dst, '\\', 'x'), c)
		}
		i++
		start = i
	}
	return append(dst, s[start:]...)
}

const hexDigits = "0123456789abcdef"

func appendHexByte(dst []byte, c byte) []byte {
	return append(dst, hexDigits[c>>4], hexDigits[c&0xf])
}

// appendUnicode appends \uNNNN, or \UNNNNNNNN above the Basic Multilingual Plane.
func appendUnicode(dst []byte, r rune) []byte {
	if r > 0xffff {
		dst = append(dst, '\\', 'U')
		for shift := 28; shift >= 0; shift -= 4 {
			dst = append(dst, hexDigits[r>>uint(shift)&0xf])
		}
		return dst
	}
	dst = append(dst, '\\', 'u')
	for shift := 12; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[r>>uint(shift)&0xf])
	}
	return dst
}

// levelWord returns the Python logging word for a slog level: DEBUG below
// INFO, INFO below WARN, WARNING below ERROR, and ERROR from there up.
func levelWord(l slog.Level) string {
	switch {
	case l < slog.LevelInfo:
		return "DEBUG"
	case l < slog.LevelWarn:
		return "INFO"
	case l < slog.LevelError:
		return "WARNING"
	}
	return "ERROR"
}

// appendAttr appends " key=value" for a, expanding groups into dotted keys.
func appendAttr(dst []byte, prefix string, a slog.Attr) []byte {
	v := a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return dst
	}
	if v.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, ga := range v.Group() {
			dst = appendAttr(dst, p, ga)
		}
		return dst
	}
	dst = append(dst, ' ')
	dst = appendText(dst, prefix+a.Key)
	dst = append(dst, '=')
	switch v.Kind() {
	case slog.KindString:
		return appendText(dst, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(dst, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(dst, v.Uint64(), 10)
	case slog.KindFloat64:
		return strconv.AppendFloat(dst, v.Float64(), 'g', -1, 64)
	case slog.KindBool:
		return strconv.AppendBool(dst, v.Bool())
	case slog.KindDuration:
		return append(dst, v.Duration().String()...)
	case slog.KindTime:
		return v.Time().AppendFormat(dst, time.RFC3339Nano)
	}
	if err, ok := v.Any().(error); ok {
		return appendText(dst, err.Error())
	}
	return appendText(dst, v.String())
}

// appendText appends s bare when it is a simple word and quoted (Go syntax)
// when it is empty or holds spaces, quotes, '=' or anything unprintable, so
// that every line stays one line and every pair parses back.
func appendText(dst []byte, s string) []byte {
	if needsQuote(s) {
		return strconv.AppendQuote(dst, s)
	}
	return append(dst, s...)
}

func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}
