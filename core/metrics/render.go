package metrics

import "github.com/healthlite/healthlite/core/internal/jsonenc"

// renderHead pre-renders the family's header in every format.
func renderHead(f *family) {
	word := kindWords[f.kind]

	var b []byte
	if f.help != "" {
		b = append(b, "# HELP "...)
		b = append(b, f.name...)
		b = append(b, ' ')
		b = appendEscaped(b, f.help, false)
		b = append(b, '\n')
	}
	b = append(b, "# TYPE "...)
	b = append(b, f.name...)
	b = append(b, ' ')
	b = append(b, word...)
	f.head[FormatPrometheus] = string(append(b, '\n'))

	om := f.name
	switch f.kind {
	case kindCounter:
		om = openMetricsCounterName(f.name)
	case kindUnknownCounter:
		word = "unknown"
	}
	b = b[:0]
	if f.help != "" {
		b = append(b, "# HELP "...)
		b = append(b, om...)
		b = append(b, ' ')
		b = appendEscaped(b, f.help, true)
		b = append(b, '\n')
	}
	b = append(b, "# TYPE "...)
	b = append(b, om...)
	b = append(b, ' ')
	b = append(b, word...)
	if b = append(b, '\n'); string(b) == f.head[FormatPrometheus] {
		f.head[FormatOpenMetrics] = f.head[FormatPrometheus]
	} else {
		f.head[FormatOpenMetrics] = string(b)
	}

	b = jsonenc.AppendString(b[:0], f.name)
	b = append(b, `:{"type":"`...)
	b = append(b, kindWords[f.kind]...)
	b = append(b, `","help":`...)
	b = jsonenc.AppendString(b, f.help)
	b = append(b, `,"series":[`...)
	f.head[FormatJSON] = string(b)
}

// render pre-renders the series' sample names and labels in every format,
// sharing the JSON bucket names of like (a histogram series of the same
// family with the same bounds) when it is not nil.
func render(s *series, name string, k kind, pairs []string, upper []float64, like *series) {
	var b []byte
	switch k {
	case kindCounter, kindGauge, kindUnknownCounter:
		b = append(appendTextLabels(append(b, name...), pairs), ' ')
		prom := string(b)
		s.text[FormatPrometheus], s.text[FormatOpenMetrics] = prom, prom
		s.key = prom[len(name) : len(prom)-1]
		if k == kindCounter {
			if omName := openMetricsCounterName(name) + "_total"; omName != name {
				s.text[FormatOpenMetrics] = string(append(appendTextLabels(append(b[:0], omName...), pairs), ' '))
			}
		}
		b = appendJSONLabels(append(b[:0], `{"labels":`...), pairs)
		s.text[FormatJSON] = string(append(b, `,"value":`...))
	case kindSummary:
		renderSummary(s, name, pairs, upper)
	case kindHistogram:
		hx := &histNames{}
		s.hx = hx
		var le []byte
		for _, f := range [...]Format{FormatPrometheus, FormatOpenMetrics} {
			hx.buckets[f] = make([]string, len(upper)+1)
			for i := range hx.buckets[f] {
				le = le[:0]
				switch {
				case i == len(upper):
					le = append(le, "+Inf"...)
				case f == FormatOpenMetrics:
					le = appendCanonicalFloat(le, upper[i])
				default:
					le = appendFloat(le, upper[i])
				}
				b = append(b[:0], name...)
				b = append(b, "_bucket"...)
				b = append(b, '{')
				for j := 0; j < len(pairs); j += 2 {
					b = appendLabelPair(b, j > 0, pairs[j], pairs[j+1])
				}
				b = appendLabelPair(b, len(pairs) > 0, "le", string(le))
				b = append(b, '}', ' ')
				if f == FormatOpenMetrics && hx.buckets[FormatPrometheus][i] == string(b) {
					hx.buckets[f][i] = hx.buckets[FormatPrometheus][i]
					continue
				}
				hx.buckets[f][i] = string(b)
			}
		}
		b = renderSumCount(b, s, name, pairs, `,"buckets":{`)
		if like != nil {
			hx.buckets[FormatJSON] = like.hx.buckets[FormatJSON]
			return
		}
		hx.buckets[FormatJSON] = make([]string, len(upper)+1)
		for i := range hx.buckets[FormatJSON] {
			b = b[:0]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			if i == len(upper) {
				b = append(b, "+Inf"...)
			} else {
				b = appendFloat(b, upper[i])
			}
			hx.buckets[FormatJSON][i] = string(append(b, '"', ':'))
		}
	}
}

// appendTextLabels appends {k="v",...} as the text formats write labels, or
// nothing when there are none.
func appendTextLabels(dst []byte, pairs []string) []byte {
	if len(pairs) == 0 {
		return dst
	}
	dst = append(dst, '{')
	for i := 0; i < len(pairs); i += 2 {
		dst = appendLabelPair(dst, i > 0, pairs[i], pairs[i+1])
	}
	return append(dst, '}')
}

// appendLabelPair appends k="v" with v escaped, after a comma when comma is set.
func appendLabelPair(dst []byte, comma bool, k, v string) []byte {
	if comma {
		dst = append(dst, ',')
	}
	dst = append(dst, k...)
	dst = append(dst, '=', '"')
	dst = appendEscaped(dst, v, true)
	return append(dst, '"')
}

// appendJSONLabels appends the labels as a JSON object.
func appendJSONLabels(dst []byte, pairs []string) []byte {
	dst = append(dst, '{')
	for i := 0; i < len(pairs); i += 2 {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonenc.AppendString(dst, pairs[i])
		dst = append(dst, ':')
		dst = jsonenc.AppendString(dst, pairs[i+1])
	}
	return append(dst, '}')
}

// renderSummary pre-renders a summary series' names: before each quantile
// (quantile="0.5"; canonical, "1.0", in OpenMetrics; a key in JSON), its sum
// and its count.
func renderSummary(s *series, name string, pairs []string, quantiles []float64) {
	hx := s.hx
	var b, q []byte
	for _, f := range [...]Format{FormatPrometheus, FormatOpenMetrics, FormatJSON} {
		hx.buckets[f] = make([]string, len(quantiles))
		for i, v := range quantiles {
			if f == FormatOpenMetrics {
				q = appendCanonicalFloat(q[:0], v)
			} else {
				q = appendFloat(q[:0], v)
			}
			if f == FormatJSON {
				b = b[:0]
				if i > 0 {
					b = append(b, ',')
				}
				hx.buckets[f][i] = string(append(append(append(b, '"'), q...), '"', ':'))
				continue
			}
			b = append(append(b[:0], name...), '{')
			for j := 0; j < len(pairs); j += 2 {
				b = appendLabelPair(b, j > 0, pairs[j], pairs[j+1])
			}
			b = appendLabelPair(b, len(pairs) > 0, "quantile", string(q))
			hx.buckets[f][i] = string(append(b, '}', ' '))
		}
	}
	renderSumCount(b, s, name, pairs, `,"quantiles":{`)
}

// renderSumCount pre-renders the names of a histogram's or a summary's sum
// and count series, keys s by its labels, and opens its JSON object up to
// field, where its buckets or quantiles go. b is scratch space, returned
// for reuse.
func renderSumCount(b []byte, s *series, name string, pairs []string, field string) []byte {
	hx := s.hx
	b = append(append(b[:0], name...), "_sum"...)
	hx.sum = string(append(appendTextLabels(b, pairs), ' '))
	s.key = hx.sum[len(name)+len("_sum") : len(hx.sum)-1]
	b = append(append(b[:0], name...), "_count"...)
	hx.count = string(append(appendTextLabels(b, pairs), ' '))
	b = appendJSONLabels(append(b[:0], `{"labels":`...), pairs)
	s.text[FormatJSON] = string(append(b, field...))
	return b
}
