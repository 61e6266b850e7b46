package metrics

// Format is an output format of the registry. The zero Format is JSON, the
// default of /metrics (as in the bot server that healthlite grew from).
type Format uint8

// The formats a registry renders.
const (
	// FormatJSON is a JSON object keyed by family name.
	FormatJSON Format = iota
	// FormatPrometheus is the Prometheus text exposition format 0.0.4.
	FormatPrometheus
	// FormatOpenMetrics is OpenMetrics 1.0 text.
	FormatOpenMetrics
)

// ContentType returns the exact Content-Type header for the format.
// Prometheus 3 refuses a scrape whose Content-Type it cannot read, so these
// strings include the version and charset parameters.
func (f Format) ContentType() string {
	switch f {
	case FormatPrometheus:
		return "text/plain; version=0.0.4; charset=utf-8"
	case FormatOpenMetrics:
		return "application/openmetrics-text; version=1.0.0; charset=utf-8"
	}
	return "application/json"
}

// String returns "json", "prometheus" or "openmetrics", the words the
// ?format= query parameter takes.
func (f Format) String() string {
	switch f {
	case FormatPrometheus:
		return "prometheus"
	case FormatOpenMetrics:
		return "openmetrics"
	}
	return "json"
}

// Append appends the registry rendered in format f to dst, detail series
// included.
func (r *Registry) Append(dst []byte, f Format) []byte {
	return r.appendFormat(dst, f, true)
}

// AppendPublic appends the registry rendered in format f to dst without its
// detail series (see NewDetailGauge), and without a family's HELP and TYPE
// when all its series are details. Like Append, it allocates nothing when
// dst has room.
func (r *Registry) AppendPublic(dst []byte, f Format) []byte {
	return r.appendFormat(dst, f, false)
}

func (r *Registry) appendFormat(dst []byte, f Format, details bool) []byte {
	switch f {
	case FormatPrometheus:
		return r.appendText(dst, FormatPrometheus, details)
	case FormatOpenMetrics:
		return append(r.appendText(dst, FormatOpenMetrics, details), "# EOF\n"...)
	}
	return r.appendJSON(dst, details)
}
