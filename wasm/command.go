package wasm

import (
	"context"
	"crypto/rand"
	"errors"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/nagios"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/sys"
)

// cappedBuffer keeps the first max bytes written to it and discards the
// rest, never failing the writer (a program that prints megabytes runs on).
type cappedBuffer struct {
	buf []byte
	max int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - len(b.buf); room > 0 {
		if len(p) < room {
			room = len(p)
		}
		b.buf = append(b.buf, p[:room]...)
	}
	return len(p), nil
}

// runCommand instantiates the WASI program afresh and runs _start. The exit
// code is the status, stdout's first line the message and its perfdata the
// metrics.
func (c *Check) runCommand(ctx context.Context, start time.Time, r *core.Result) *runState {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		r.Status, r.Message = core.StatusFail, errClosed.Error()
		return nil
	}
	stdout := &cappedBuffer{max: MaxOutput}
	stderr := &cappedBuffer{max: MaxOutput}
	args := append([]string{c.name}, c.opts.Args...)
	cfg := wazero.NewModuleConfig().
		WithName("").
		WithArgs(args...).
		WithStdout(stdout).
		WithStderr(stderr).
		WithSysWalltime().
		WithSysNanotime().
		WithRandSource(rand.Reader)
	st := &runState{check: c}
	mod, err := c.runtime.InstantiateModule(context.WithValue(ctx, runKey{}, st), c.compiled, cfg)
	if mod != nil {
		mod.Close(context.Background())
	}
	code := int64(0)
	if err != nil {
		var exit *sys.ExitError
		if !errors.As(err, &exit) || ctx.Err() != nil {
			r.Status, r.Message = core.StatusFail, runError(ctx, start, err)
			if note := st.connNote(c.net.maxConns); note != "" {
				r.Message += " (" + note + ")"
			}
			if len(stderr.buf) > 0 {
				c.log.Debug("wasm command stderr", "stderr", validMessage(capMessage(stderr.buf)))
			}
			return nil
		}
		code = int64(exit.ExitCode())
	}
	if len(stderr.buf) > 0 {
		c.log.Debug("wasm command stderr", "stderr", validMessage(capMessage(stderr.buf)))
	}
	r.Status, st.note = statusOf(code, "exit code")
	msg, perf := nagios.Parse(stdout.buf)
	st.setMessage([]byte(msg))
	for _, p := range perf {
		name := metricName(p.Label)
		if name == nil || !st.setMetric(name, p.Value) {
			continue
		}
	}
	return st
}

// metricName maps a perfdata label to a metric name: every byte outside
// [a-zA-Z0-9_] becomes '_', and a leading digit gets a '_' in front.
func metricName(label string) []byte {
	if label == "" {
		return nil
	}
	b := make([]byte, 0, len(label)+1)
	if c := label[0]; '0' <= c && c <= '9' {
		b = append(b, '_')
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b = append(b, c)
		} else {
			b = append(b, '_')
		}
	}
	if len(b) > MaxMetricName {
		b = b[:MaxMetricName]
	}
	return b
}
