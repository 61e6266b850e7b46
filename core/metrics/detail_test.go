package metrics

import (
	"encoding/json"
	"strings"
	"testing"
)

// detailRegistry has a family of detail series only, one mixing a detail
// series with a public one, and a plain family, so that AppendPublic must
// drop whole families, single series and the commas between them.
func detailRegistry(tb testing.TB) *Registry {
	r := NewRegistry()
	must(r.NewDetailGauge("a_perfdata", "Perfdata.", "check", "db", "label", "db-primary.internal.corp:5432 admin")).Set(85)
	must(r.NewDetailGauge("a_perfdata", "Perfdata.", "check", "db", "label", "secret2")).Set(1)
	must(r.NewGauge("b_mixed", "Mixed.", "check", "db")).Set(2)
	must(r.NewDetailGauge("b_mixed", "Mixed.", "check", "db", "metric", "secret3")).Set(3)
	must(r.NewCounter("c_total", "Plain.")).Add(4)
	return r
}

func TestAppendPublicLeavesOutDetails(t *testing.T) {
	r := detailRegistry(t)
	for _, f := range allFormats {
		all, public := string(r.Append(nil, f)), string(r.AppendPublic(nil, f))
		for _, secret := range []string{"internal.corp", "secret2", "secret3"} {
			if !strings.Contains(all, secret) {
				t.Errorf("%v: Append lacks the detail %q:\n%s", f, secret, all)
			}
			if strings.Contains(public, secret) {
				t.Errorf("%v: AppendPublic shows the detail %q:\n%s", f, secret, public)
			}
		}
		if strings.Contains(public, "a_perfdata") {
			t.Errorf("%v: AppendPublic keeps the header of a family of details only:\n%s", f, public)
		}
		for _, keep := range []string{"b_mixed", "c_total"} {
			if !strings.Contains(public, keep) {
				t.Errorf("%v: AppendPublic lost %s:\n%s", f, keep, public)
			}
		}
		if f == FormatJSON {
			var v map[string]any
			if err := json.Unmarshal([]byte(public), &v); err != nil || len(v) != 2 {
				t.Errorf("AppendPublic JSON: %v, %d families:\n%s", err, len(v), public)
			}
		}
		if f == FormatOpenMetrics && !strings.HasSuffix(public, "# EOF\n") {
			t.Errorf("AppendPublic OpenMetrics does not end with # EOF:\n%s", public)
		}
	}
	// Without detail series, the two are the same.
	plain := benchRegistry(t)
	for _, f := range allFormats {
		if a, p := plain.Append(nil, f), plain.AppendPublic(nil, f); string(a) != string(p) {
			t.Errorf("%v: AppendPublic differs from Append without detail series", f)
		}
	}
	// Only details: an empty exposition.
	only := NewRegistry()
	must(only.NewDetailGauge("d", "", "label", "x"))
	if got := string(only.AppendPublic(nil, FormatJSON)); got != "{}" {
		t.Errorf("a registry of details only renders %q publicly, want {}", got)
	}
}

func TestAppendPublicAllocatesNothing(t *testing.T) {
	r := detailRegistry(t)
	wantScrapesAllocateNothing(t, r.AppendPublic, allFormats...)
}
