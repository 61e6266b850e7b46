package metrics

import (
	"github.com/healthlite/healthlite/core/internal/accept"
	"github.com/healthlite/healthlite/core/internal/urlquery"
)

// Negotiate picks the format for a /metrics request from its Accept header
// and raw query string.
//
// A query parameter format=json, format=prometheus (or its alias
// format=text) or format=openmetrics wins over the header (for browsers and
// curl), percent-decoded as any query value (format=%70rometheus); an
// unknown format value is ignored. Otherwise the Accept media range with the
// highest q-value that healthlite can serve is chosen, the earlier one on a
// tie, as Prometheus 2 and 3 expect:
// application/openmetrics-text (any version) means OpenMetrics, text/plain or
// text/* the Prometheus text format, application/json, application/* and */*
// JSON. Ranges with q=0, an invalid q, or a type healthlite cannot serve
// (such as protobuf) are skipped. With no usable range the answer is JSON.
// Negotiate allocates nothing.
func Negotiate(header, rawQuery string) Format {
	if f, ok := queryFormat(rawQuery); ok {
		return f
	}
	best, bestQ := FormatJSON, -1
	for rest := header; rest != ""; {
		var typ, params string
		typ, params, rest = accept.Next(rest)
		f, q, ok := acceptElem(typ, params)
		if ok && q > bestQ && q > 0 {
			best, bestQ = f, q
		}
	}
	return best
}

// queryFormat finds the first format=… parameter naming a known format.
// Keys and values are percent-decoded ("format=%70rometheus"), values
// compared without regard to case.
func queryFormat(q string) (Format, bool) {
	for rest := q; rest != ""; {
		var k, v string
		k, v, rest = urlquery.Next(rest)
		if !urlquery.Equal(k, "format") {
			continue
		}
		switch {
		case urlquery.EqualFold(v, "json"):
			return FormatJSON, true
		case urlquery.EqualFold(v, "prometheus"), urlquery.EqualFold(v, "text"):
			return FormatPrometheus, true
		case urlquery.EqualFold(v, "openmetrics"):
			return FormatOpenMetrics, true
		}
	}
	return FormatJSON, false
}

// acceptElem reads one media range of an Accept header, such as
// "text/plain" with parameters "version=0.0.4;q=0.4", as a format and a
// q-value in thousandths (the last q parameter's). ok is false for types
// healthlite does not serve or an invalid q.
func acceptElem(typ, params string) (f Format, q int, ok bool) {
	switch {
	case accept.EqualFold(typ, "application/openmetrics-text"):
		f = FormatOpenMetrics
	case accept.EqualFold(typ, "text/plain"), accept.EqualFold(typ, "text/*"):
		f = FormatPrometheus
	case accept.EqualFold(typ, "application/json"), accept.EqualFold(typ, "application/*"), typ == "*/*":
		f = FormatJSON
	default:
		return 0, 0, false
	}
	q, ok = accept.Weight(params)
	return f, q, ok
}
