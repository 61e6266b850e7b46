package metrics

import "sync/atomic"

// sampledRun is a run of consecutive families (in the published, sorted
// list) whose series are all sampled values or sampled summaries. It is
// rendered whole, heads included, whenever one of them changes (once per
// Batch), so a scrape appends it with one copy instead of one per family.
type sampledRun struct {
	fams []*family                 // the run's families, in order
	text atomic.Pointer[[3]string] // per text Format; replaced whole
}

// linkRunsFunc is linkRuns once a sampled series has been made in any
// registry, nil before. register calls linkRuns through it, so that a
// program that never makes one (a microcontroller's) does not link the run
// code (some 300 bytes of flash under TinyGo).
var linkRunsFunc atomic.Pointer[func([]*family)]

// enableRuns makes register find runs from now on.
func enableRuns() {
	if linkRunsFunc.Load() == nil {
		f := linkRuns
		linkRunsFunc.Store(&f)
	}
}

// sampledOnly reports whether every series of f is sampled, so that f can
// be part of a run.
func sampledOnly(f *family) bool {
	for _, s := range f.series {
		if s.hx == nil || s.hx.sampled == nil && s.hx.summary == nil || s.detail {
			return false
		}
	}
	return len(f.series) > 0
}

// linkRuns finds the runs of sampled families in fams, a list about to be
// published, and renders each new one. A family whose run changed is
// replaced in fams by a copy (published families are never changed); a run
// that is still what it was keeps its families and text. r.mu is held.
func linkRuns(fams []*family) {
	for i := 0; i < len(fams); {
		if !sampledOnly(fams[i]) {
			fams[i] = outOfRun(fams[i])
			i++
			continue
		}
		j := i + 1
		for j < len(fams) && sampledOnly(fams[j]) {
			j++
		}
		run := fams[i:j]
		if old := run[0].run; old == nil || !equal(old.fams, run) {
			n := &sampledRun{fams: make([]*family, len(run))}
			for k, f := range run {
				c := *f
				c.inRun, c.run = true, nil
				n.fams[k], run[k] = &c, &c
			}
			run[0].run = n
			n.render()
		}
		i = j
	}
}

// outOfRun returns f, or a copy of it outside any run when it was in one.
func outOfRun(f *family) *family {
	if !f.inRun {
		return f
	}
	c := *f
	c.inRun, c.run = false, nil
	return &c
}

// renderRuns re-renders every run of the published list. r.mu is held.
func (r *Registry) renderRuns() {
	if p := r.fams.Load(); p != nil {
		for _, f := range *p {
			if f.run != nil {
				f.run.render()
			}
		}
	}
}

// render renders the run's families in both text formats from their
// current values.
func (run *sampledRun) render() {
	var t [3]string
	var b []byte
	for _, f := range [...]Format{FormatPrometheus, FormatOpenMetrics} {
		b = b[:0]
		for _, fam := range run.fams {
			b = append(b, fam.head[f]...)
			for _, s := range fam.series {
				if s.hx.summary != nil {
					b = append(b, s.hx.summary.p.Load().block[f]...)
					continue
				}
				b = append(b, s.text[f]...)
				b = append(appendFloat(b, s.hx.sampled.Value()), '\n')
			}
		}
		if f == FormatOpenMetrics && string(b) == t[FormatPrometheus] {
			t[f] = t[FormatPrometheus]
			continue
		}
		t[f] = string(b)
	}
	run.text.Store(&t)
}
