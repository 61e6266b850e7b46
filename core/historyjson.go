package core

import (
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core/internal/jsonenc"
)

// appendHistoryJSON appends the history fields of a check's details in
// /health?verbose:
//
//	,"since":"2025-06-04T03:02:11.000Z","flapping":false,
//	 "history":[{"time":"…","status":"pass","duration_seconds":0.0012}]
//
// oldest first; history is left out for a check without runs.
func appendHistoryJSON(dst []byte, c *CheckState) []byte {
	dst = append(dst, `,"since":`...)
	dst = appendJSONTime(dst, c.Since)
	dst = append(dst, `,"flapping":`...)
	dst = strconv.AppendBool(dst, c.Flapping)
	if len(c.runs) == 0 {
		return dst
	}
	dst = append(dst, `,"history":[`...)
	for i, r := range c.runs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"time":`...)
		dst = appendJSONTime(dst, time.Unix(0, r.at))
		dst = append(dst, `,"status":`...)
		dst = jsonenc.AppendString(dst, r.st.String())
		dst = append(dst, `,"duration_seconds":`...)
		dst = appendJSONFloat(dst, float64(r.took)/1e6)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendHistoryPlusJSON appends the history fields of a check in verbose
// health+json, in the draft's vocabulary: since and flapping as extension
// fields, and each past run as an object with the draft's time and status,
// its duration as observedValue in observedUnit "s".
func appendHistoryPlusJSON(dst []byte, c *CheckState) []byte {
	if !c.Since.IsZero() {
		dst = append(dst, `,"since":`...)
		dst = appendJSONTime(dst, c.Since)
	}
	if c.Flapping {
		dst = append(dst, `,"flapping":true`...)
	}
	if len(c.runs) == 0 {
		return dst
	}
	dst = append(dst, `,"history":[`...)
	for i, r := range c.runs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"time":`...)
		dst = appendJSONTime(dst, time.Unix(0, r.at))
		dst = append(dst, `,"status":`...)
		dst = jsonenc.AppendString(dst, ietfStatus(r.st))
		dst = append(dst, `,"observedValue":`...)
		dst = appendJSONFloat(dst, float64(r.took)/1e6)
		dst = append(dst, `,"observedUnit":"s"}`...)
	}
	return append(dst, ']')
}

// appendSinceText appends " since 03:02:11Z" (the date too when the change
// was not on now's day, in UTC) and " (flapping)" for a /readyz?verbose
// line; nothing for a check that has no result yet.
func appendSinceText(dst []byte, c *CheckState, now time.Time) []byte {
	if !c.Since.IsZero() {
		dst = append(dst, " since "...)
		t := civilOf(c.Since)
		if !t.sameDay(civilOf(now)) {
			dst = append(t.appendDate(dst), 'T')
		}
		dst = append(t.appendClock(dst), 'Z')
	}
	if c.Flapping {
		dst = append(dst, " (flapping)"...)
	}
	return dst
}
