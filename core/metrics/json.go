package metrics

// AppendJSON appends every family as one JSON object to dst, keyed by family
// name in sorted order:
//
//	{"requests_total":{"type":"counter","help":"…","series":[{"labels":{"code":"200"},"value":3}]},
//	 "latency_seconds":{"type":"histogram","help":"…","series":[{"labels":{},"buckets":{"0.1":1,"+Inf":2},"count":2,"sum":0.3}]}}
//
// Bucket counts are cumulative. NaN and ±Inf values, which JSON numbers
// cannot express, are written as the strings "NaN", "+Inf" and "-Inf". It
// allocates nothing when dst has room.
func (r *Registry) AppendJSON(dst []byte) []byte {
	return r.appendJSON(dst, true)
}

// appendJSON is AppendJSON; without details, detail series and families of
// nothing else are left out.
func (r *Registry) appendJSON(dst []byte, details bool) []byte {
	dst = append(dst, '{')
	p := r.fams.Load()
	if p == nil {
		return append(dst, '}')
	}
	first := true
	for _, fam := range *p {
		if !details && fam.public == 0 {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, fam.head[FormatJSON]...)
		firstSeries := true
		for _, s := range fam.series {
			if s.detail && !details {
				continue
			}
			if !firstSeries {
				dst = append(dst, ',')
			}
			firstSeries = false
			switch {
			case s.counter != nil:
				dst = append(dst, s.text[FormatJSON]...)
				dst = appendJSONFloat(dst, s.counter.Value())
			case s.gauge != nil:
				dst = append(dst, s.text[FormatJSON]...)
				dst = appendJSONFloat(dst, s.gauge.Value())
			case s.fn != nil:
				dst = append(dst, s.text[FormatJSON]...)
				dst = appendJSONFloat(dst, s.fn())
			case s.hx.sampled != nil:
				dst = append(dst, s.text[FormatJSON]...)
				dst = appendJSONFloat(dst, s.hx.sampled.Value())
			case s.hx.summary != nil:
				dst = append(dst, s.hx.summary.p.Load().block[FormatJSON]...)
			default:
				dst = appendJSONHistogram(dst, s.hist, s)
			}
			dst = append(dst, '}')
		}
		dst = append(dst, ']', '}')
	}
	return append(dst, '}')
}

// appendJSONHistogram writes cumulative buckets, count and sum, leaving
// the series object open. count is the +Inf bucket, so they always agree.
func appendJSONHistogram(dst []byte, h *Histogram, s *series) []byte {
	dst = append(dst, s.text[FormatJSON]...)
	var cum uint64
	for i := range h.counts {
		cum += h.counts[i].Load()
		dst = append(dst, s.hx.buckets[FormatJSON][i]...)
		dst = appendUint(dst, cum)
	}
	dst = append(dst, `},"count":`...)
	dst = appendUint(dst, cum)
	dst = append(dst, `,"sum":`...)
	return appendJSONFloat(dst, h.Sum())
}
