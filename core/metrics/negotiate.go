package metrics

import "github.com/healthlite/healthlite/core/internal/accept"

// Negotiate picks the format for a /metrics request from its Accept header
// and raw query string.
//
// A query parameter format=json, format=prometheus (or its alias
// format=text) or format=openmetrics wins over the header (for browsers and
// curl); an unknown format value is ignored. Otherwise the Accept media
// range with the highest q-value that healthlite can serve is chosen, the
// earlier one on a tie, as Prometheus 2 and 3 expect:
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
func queryFormat(q string) (Format, bool) {
	const key = "format="
	for start := 0; start < len(q); {
		end := start
		for end < len(q) && q[end] != '&' {
			end++
		}
		if kv := q[start:end]; len(kv) >= len(key) && kv[:len(key)] == key {
			switch v := kv[len(key):]; {
			case accept.EqualFold(v, "json"):
				return FormatJSON, true
			case accept.EqualFold(v, "prometheus"), accept.EqualFold(v, "text"):
				return FormatPrometheus, true
			case accept.EqualFold(v, "openmetrics"):
				return FormatOpenMetrics, true
			}
		}
		start = end + 1
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
	q = 1000
	for params != "" {
		var name, value string
		name, value, params = accept.NextParam(params)
		if !accept.EqualFold(name, "q") {
			continue
		}
		if q, ok = accept.ParseQ(value); !ok {
			return 0, 0, false
		}
	}
	return f, q, true
}
