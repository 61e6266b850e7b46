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
	return appendRunsJSON(dst, c, verboseRuns)
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
	return appendRunsJSON(dst, c, plusRuns)
}

// runVocabulary is how one JSON format names the fields of a past run.
type runVocabulary struct {
	status   func(Status) string // the run's status as the format says it
	duration string              // the field before the duration in seconds
	end      string              // what closes the run's object
}

var (
	// verboseRuns is /health?verbose's: {"time","status","duration_seconds"}.
	verboseRuns = runVocabulary{Status.String, `,"duration_seconds":`, `}`}
	// plusRuns is health+json's: the draft's time and status, the duration
	// as observedValue in observedUnit "s".
	plusRuns = runVocabulary{ietfStatus, `,"observedValue":`, `,"observedUnit":"s"}`}
)

// appendRunsJSON appends ,"history":[…], c's past runs oldest first, each
// with its time, status and duration named as v says; nothing for a check
// without runs.
func appendRunsJSON(dst []byte, c *CheckState, v runVocabulary) []byte {
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
		dst = jsonenc.AppendString(dst, v.status(r.st))
		dst = append(dst, v.duration...)
		dst = appendJSONFloat(dst, float64(r.took)/1e6)
		dst = append(dst, v.end...)
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
