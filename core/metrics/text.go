package metrics

// AppendPrometheus appends every family in the Prometheus text exposition
// format 0.0.4 to dst: families sorted by name, each with its HELP (when
// given) and TYPE line, series sorted by labels, histogram buckets ascending
// and ending with +Inf equal to _count. It allocates nothing when dst has
// room.
func (r *Registry) AppendPrometheus(dst []byte) []byte {
	return r.appendText(dst, FormatPrometheus, true)
}

// AppendOpenMetrics appends every family in OpenMetrics 1.0 text to dst,
// ending with "# EOF". Counter families are named without "_total" and their
// samples with it; bucket bounds are canonical ("1.0"). It allocates nothing
// when dst has room.
func (r *Registry) AppendOpenMetrics(dst []byte) []byte {
	dst = r.appendText(dst, FormatOpenMetrics, true)
	return append(dst, "# EOF\n"...)
}

// appendText renders the text formats, which differ only in the
// pre-rendered names and in how histogram counts are written; without
// details, detail series and families of nothing else are left out.
func (r *Registry) appendText(dst []byte, f Format, details bool) []byte {
	p := r.fams.Load()
	if p == nil {
		return dst
	}
	for _, fam := range *p {
		if !details && fam.public == 0 {
			continue
		}
		if fam.inRun {
			if fam.run != nil {
				dst = append(dst, fam.run.text.Load()[f]...)
			}
			continue
		}
		dst = append(dst, fam.head[f]...)
		for _, s := range fam.series {
			if s.detail && !details {
				continue
			}
			switch {
			case s.counter != nil:
				dst = append(dst, s.text[f]...)
				dst = s.counter.appendValue(dst)
			case s.gauge != nil:
				dst = append(dst, s.text[f]...)
				dst = appendFloat(dst, s.gauge.Value())
			case s.fn != nil:
				dst = append(dst, s.text[f]...)
				dst = appendFloat(dst, s.fn())
			case s.hx.sampled != nil:
				dst = append(dst, s.text[f]...)
				dst = appendFloat(dst, s.hx.sampled.Value())
			case s.hx.summary != nil:
				dst = append(dst, s.hx.summary.p.Load().block[f]...)
				continue
			default:
				dst = appendHistogram(dst, s.hist, s.hx, f)
				continue
			}
			dst = append(dst, '\n')
		}
	}
	return dst
}

// appendHistogram writes cumulative buckets, _sum and _count. _count is the
// +Inf bucket, so the two always agree even while observations arrive.
// OpenMetrics counts are integers; Prometheus text writes them as floats.
func appendHistogram(dst []byte, h *Histogram, t *histNames, f Format) []byte {
	om := f == FormatOpenMetrics
	var cum uint64
	for i := range h.counts {
		cum += h.counts[i].Load()
		dst = append(dst, t.buckets[f][i]...)
		dst = appendTextCount(dst, cum, om)
		dst = append(dst, '\n')
	}
	dst = append(dst, t.sum...)
	dst = appendFloat(dst, h.Sum())
	dst = append(dst, '\n')
	dst = append(dst, t.count...)
	dst = appendTextCount(dst, cum, om)
	return append(dst, '\n')
}

func appendTextCount(dst []byte, n uint64, om bool) []byte {
	if om {
		return appendUint(dst, n)
	}
	return appendCount(dst, n)
}
