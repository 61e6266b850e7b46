package metrics

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
func Negotiate(accept, rawQuery string) Format {
	if f, ok := queryFormat(rawQuery); ok {
		return f
	}
	best, bestQ := FormatJSON, -1
	for len(accept) > 0 {
		var elem string
		elem, accept = cut(accept, ',')
		f, q, ok := acceptElem(elem)
		if ok && q > bestQ && q > 0 {
			best, bestQ = f, q
		}
	}
	return best
}

// queryFormat finds the first format=… parameter naming a known format.
func queryFormat(q string) (Format, bool) {
	for len(q) > 0 {
		var kv string
		kv, q = cut(q, '&')
		k, v := cut(kv, '=')
		if k != "format" {
			continue
		}
		switch {
		case equalFold(v, "json"):
			return FormatJSON, true
		case equalFold(v, "prometheus"), equalFold(v, "text"):
			return FormatPrometheus, true
		case equalFold(v, "openmetrics"):
			return FormatOpenMetrics, true
		}
	}
	return FormatJSON, false
}

// acceptElem parses one media range of an Accept header, such as
// "text/plain;version=0.0.4;q=0.4", into a format and a q-value in
// thousandths. ok is false for types healthlite does not serve or an
// invalid q.
func acceptElem(elem string) (f Format, q int, ok bool) {
	mt, params := cut(elem, ';')
	mt = trimSpace(mt)
	switch {
	case equalFold(mt, "application/openmetrics-text"):
		f = FormatOpenMetrics
	case equalFold(mt, "text/plain"), equalFold(mt, "text/*"):
		f = FormatPrometheus
	case equalFold(mt, "application/json"), equalFold(mt, "application/*"), mt == "*/*":
		f = FormatJSON
	default:
		return 0, 0, false
	}
	q = 1000
	for len(params) > 0 {
		var p string
		p, params = cut(params, ';')
		k, v := cut(p, '=')
		if k = trimSpace(k); k != "q" && k != "Q" {
			continue
		}
		if q, ok = parseQ(trimSpace(v)); !ok {
			return 0, 0, false
		}
	}
	return f, q, true
}

// parseQ parses a q-value ("1", "0.5", "0.125", "1.000") into thousandths.
func parseQ(s string) (int, bool) {
	if s == "" || s[0] != '0' && s[0] != '1' {
		return 0, false
	}
	q := int(s[0]-'0') * 1000
	s = s[1:]
	if s == "" {
		return q, true
	}
	if s[0] != '.' || len(s) > 4 {
		return 0, false
	}
	scale := 100
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	if q > 1000 {
		return 0, false
	}
	return q, true
}

// cut splits s around the first sep, or returns s and "".
func cut(s string, sep byte) (before, after string) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// trimSpace removes spaces and tabs around s.
func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// equalFold reports whether s equals the lower-case ASCII word lower,
// ignoring ASCII case.
func equalFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}
