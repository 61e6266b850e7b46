package core

import (
	"strconv"

	"github.com/healthlite/healthlite/core/internal/jsonenc"
)

// ietfStatus returns the health+json word for s: unknown counts as fail.
func ietfStatus(s Status) string {
	switch s {
	case StatusPass:
		return "pass"
	case StatusWarn:
		return "warn"
	}
	return "fail"
}

// appendHealthPlusJSON appends the /health document in the IETF draft
// "Health Check Response Format for HTTP APIs" (application/health+json):
//
//	{"status":"pass","serviceId":"api","description":"health of api",
//	 "checks":{"db":[{"componentId":"db","componentType":"component",
//	 "status":"pass","time":"2025-06-04T19:34:30.332Z"}]}}
//
// Flags are components of type "flag" with a boolean observedValue. verbose
// adds each check's output (its message) and observedValue.
func (s *Snapshot) appendHealthPlusJSON(dst []byte, verbose bool) []byte {
	overall := s.all
	if s.phase == PhaseStarting || s.maint.On {
		overall = StatusFail
	}
	dst = append(dst, `{"status":`...)
	dst = jsonenc.AppendString(dst, ietfStatus(overall))
	if s.opts.Version != "" {
		dst = append(dst, `,"version":`...)
		dst = jsonenc.AppendString(dst, s.opts.Version)
	}
	dst = append(dst, `,"serviceId":`...)
	dst = jsonenc.AppendString(dst, s.opts.Service)
	dst = append(dst, `,"description":`...)
	dst = jsonenc.AppendString(dst, "health of "+s.opts.Service)
	if s.maint.On {
		dst = append(dst, `,"output":"maintenance"`...)
	} else if s.phase != PhaseRunning {
		dst = append(dst, `,"output":`...)
		dst = jsonenc.AppendString(dst, s.phase.String())
	}
	dst = append(dst, `,"checks":{`...)
	for i := range s.checks {
		c := &s.checks[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonenc.AppendString(dst, c.Name)
		dst = append(dst, `:[{"componentId":`...)
		dst = jsonenc.AppendString(dst, c.Name)
		dst = append(dst, `,"componentType":`...)
		switch c.kind {
		case kindFlag:
			dst = append(dst, `"flag"`...)
		case kindHeartbeat:
			dst = append(dst, `"heartbeat"`...)
		default:
			dst = append(dst, `"component"`...)
		}
		dst = append(dst, `,"status":`...)
		dst = jsonenc.AppendString(dst, ietfStatus(c.Status))
		if !c.LastRun.IsZero() {
			dst = append(dst, `,"time":`...)
			dst = appendJSONTime(dst, c.LastRun)
		}
		if c.kind == kindFlag {
			dst = append(dst, `,"observedValue":`...)
			dst = strconv.AppendBool(dst, c.Value != 0)
		} else if verbose && c.HasValue {
			dst = append(dst, `,"observedValue":`...)
			dst = appendJSONFloat(dst, c.Value)
		}
		if verbose && c.Message != "" {
			dst = append(dst, `,"output":`...)
			dst = jsonenc.AppendString(dst, c.Message)
		}
		if verbose {
			dst = appendHistoryPlusJSON(dst, c)
		}
		dst = append(dst, "}]"...)
	}
	return append(dst, "}}\n"...)
}
