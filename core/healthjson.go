package core

import (
	"math"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core/internal/floatfmt"
	"github.com/healthlite/healthlite/core/internal/jsonenc"
)

// healthWord returns the bot server's word for the /health status.
func (s *Snapshot) healthWord() string {
	if s.maint.On {
		return "maintenance"
	}
	if s.phase == PhaseStarting {
		return "starting"
	}
	switch s.all {
	case StatusPass:
		return "healthy"
	case StatusWarn:
		return "degraded"
	}
	return "unhealthy"
}

// appendHealthJSON appends the bot server's /health document:
//
//	{"status":"healthy","uptime_seconds":305,"environment":"development",
//	 "last_heartbeat":"2025-06-04T19:34:30.332Z","bot_ready":true,
//	 "checks":{"db":"pass"}}
//
// with every flag as a top-level boolean. verbose adds service, version,
// pid, phase and per-check details (message, duration, last run,
// consecutive failures, value).
func (s *Snapshot) appendHealthJSON(dst []byte, verbose bool) []byte {
	dst = append(dst, `{"status":`...)
	dst = jsonenc.AppendString(dst, s.healthWord())
	dst = append(dst, `,"uptime_seconds":`...)
	dst = strconv.AppendInt(dst, int64(s.uptime/time.Second), 10)
	dst = append(dst, `,"environment":`...)
	dst = jsonenc.AppendString(dst, s.opts.Environment)
	dst = append(dst, `,"last_heartbeat":`...)
	dst = appendJSONTime(dst, s.lastBeat)
	for i := range s.checks {
		c := &s.checks[i]
		if c.kind != kindFlag {
			continue
		}
		dst = append(dst, ',')
		dst = jsonenc.AppendString(dst, c.Name)
		dst = append(dst, ':')
		dst = strconv.AppendBool(dst, c.Value != 0)
	}
	dst = append(dst, `,"checks":{`...)
	n := 0
	for i := range s.checks {
		c := &s.checks[i]
		if c.kind == kindFlag {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = jsonenc.AppendString(dst, c.Name)
		dst = append(dst, ':')
		dst = jsonenc.AppendString(dst, c.Status.String())
	}
	dst = append(dst, '}')
	if verbose {
		dst = append(dst, `,"service":`...)
		dst = jsonenc.AppendString(dst, s.opts.Service)
		if s.opts.Version != "" {
			dst = append(dst, `,"version":`...)
			dst = jsonenc.AppendString(dst, s.opts.Version)
		}
		if s.opts.PID != 0 {
			dst = append(dst, `,"pid":`...)
			dst = strconv.AppendInt(dst, int64(s.opts.PID), 10)
		}
		dst = append(dst, `,"phase":`...)
		dst = jsonenc.AppendString(dst, s.phase.String())
		dst = append(dst, `,"details":{`...)
		for i := range s.checks {
			c := &s.checks[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonenc.AppendString(dst, c.Name)
			dst = append(dst, `:{"status":`...)
			dst = jsonenc.AppendString(dst, c.Status.String())
			dst = append(dst, `,"message":`...)
			dst = jsonenc.AppendString(dst, c.Message)
			dst = append(dst, `,"duration_seconds":`...)
			dst = appendJSONFloat(dst, c.Duration.Seconds())
			dst = append(dst, `,"last_run":`...)
			dst = appendJSONTime(dst, c.LastRun)
			dst = append(dst, `,"consecutive_failures":`...)
			dst = strconv.AppendInt(dst, int64(c.ConsecutiveFailures), 10)
			if c.HasValue {
				dst = append(dst, `,"value":`...)
				dst = appendJSONFloat(dst, c.Value)
			}
			dst = appendHistoryJSON(dst, c)
			dst = append(dst, '}')
		}
		dst = append(dst, '}')
	}
	return append(dst, "}\n"...)
}

// appendJSONTime appends t as a quoted RFC 3339 time in UTC with
// milliseconds, or null for the zero time.
func appendJSONTime(dst []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(dst, "null"...)
	}
	dst, c := appendDateTime(append(dst, '"'), t, 'T')
	return append(appendPadded(append(dst, '.'), c.milli, 3), 'Z', '"')
}

// appendJSONFloat appends v as a JSON number, or null for NaN and
// infinities, which JSON cannot represent.
func appendJSONFloat(dst []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, "null"...)
	}
	return floatfmt.Append(dst, v)
}
