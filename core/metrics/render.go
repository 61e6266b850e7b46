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
	if f.kind == kindCounter {
		om = openMetricsCounterName(f.name)
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
	f.head[FormatOpenMetrics] = string(append(b, '\n'))

	b = jsonenc.AppendString(b[:0], f.name)
	b = append(b, `:{"type":"`...)
	b = append(b, word...)
	b = append(b, `","help":`...)
	b = jsonenc.AppendString(b, f.help)
	b = append(b, `,"series":[`...)
	f.head[FormatJSON] = string(b)
}

// render pre-renders the series' sample names and labels in every format.
func render(s *series, name string, k kind, pairs []string, upper []float64) {
	var b []byte
	switch k {
	case kindCounter, kindGauge:
		s.text[FormatPrometheus].value = string(append(appendTextLabels(append(b, name...), pairs), ' '))
		omName := name
		if k == kindCounter {
			omName = openMetricsCounterName(name) + "_total"
		}
		s.text[FormatOpenMetrics].value = string(append(appendTextLabels(append(b[:0], omName...), pairs), ' '))
		b = appendJSONLabels(append(b[:0], `{"labels":`...), pairs)
		s.text[FormatJSON].value = string(append(b, `,"value":`...))
	case kindHistogram:
		for _, f := range [...]Format{FormatPrometheus, FormatOpenMetrics} {
			t := &s.text[f]
			t.buckets = make([]string, len(upper)+1)
			for i := range t.buckets {
				b = append(b[:0], name...)
				b = append(b, "_bucket"...)
				var le []byte
				switch {
				case i == len(upper):
					le = append(le, "+Inf"...)
				case f == FormatOpenMetrics:
					le = appendCanonicalFloat(le, upper[i])
				default:
					le = appendFloat(le, upper[i])
				}
				b = append(b, '{')
				for j := 0; j < len(pairs); j += 2 {
					b = appendLabelPair(b, j > 0, pairs[j], pairs[j+1])
				}
				b = appendLabelPair(b, len(pairs) > 0, "le", string(le))
				t.buckets[i] = string(append(b, '}', ' '))
			}
			b = append(append(b[:0], name...), "_sum"...)
			t.sum = string(append(appendTextLabels(b, pairs), ' '))
			b = append(append(b[:0], name...), "_count"...)
			t.count = string(append(appendTextLabels(b, pairs), ' '))
		}
		t := &s.text[FormatJSON]
		b = appendJSONLabels(append(b[:0], `{"labels":`...), pairs)
		t.value = string(append(b, `,"buckets":{`...))
		t.buckets = make([]string, len(upper)+1)
		for i := range t.buckets {
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
			t.buckets[i] = string(append(b, '"', ':'))
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
