package metricsconf

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

// FuzzLabelAndHelpRoundTrip registers metrics whose label value and help
// are arbitrary bytes, then parses every format with the real parsers: the
// value and help must come back as sent (with invalid UTF-8 replaced by
// U+FFFD). The text format 0.0.4 cannot carry leading blanks of a help
// string (expfmt skips them after the name), so there help is compared
// without them.
func FuzzLabelAndHelpRoundTrip(f *testing.F) {
	for _, v := range awkward {
		f.Add(v, "help "+v)
	}
	f.Add("\xff\x00\r\n\t", "\\n\\\\\"\xfe")
	f.Fuzz(func(t *testing.T, value, help string) {
		r := metrics.NewRegistry()
		c, err := r.NewCounter("fuzz_total", help, "v", value)
		if err != nil {
			t.Fatalf("label values are free-form, yet: %v", err)
		}
		c.Add(2)
		h, err := r.NewHistogram("fuzz_seconds", help, []float64{0.5, 1}, "v", value)
		if err != nil {
			t.Fatal(err)
		}
		h.Observe(0.75)

		wantV, wantHelp := validUTF8(value), strings.TrimLeft(validUTF8(help), " \t")
		counter := seriesKey("fuzz_total", map[string]string{"v": wantV})
		bucket := seriesKey("fuzz_seconds_bucket", map[string]string{"v": wantV, "le": "1"})

		text := parseText(t, r.AppendPrometheus(nil))
		if text.samples[counter] != 2 || text.samples[bucket] != 1 {
			t.Fatalf("text: label value %q not read back; samples %v", value, text.order)
		}
		if got := text.helps["fuzz_total"]; wantHelp != "" && got != wantHelp {
			t.Fatalf("text: help %q read back as %q; want %q", help, got, wantHelp)
		}

		om := parseOpenMetrics(t, r.AppendOpenMetrics(nil))
		if om.samples[counter] != 2 || om.samples[bucket] != 1 {
			t.Fatalf("OpenMetrics: label value %q not read back; samples %v", value, om.order)
		}
		if got := om.helps["fuzz_seconds"]; help != "" && got != validUTF8(help) {
			t.Fatalf("OpenMetrics: help %q read back as %q; want %q", help, got, validUTF8(help))
		}

		var doc map[string]struct {
			Help   string `json:"help"`
			Series []struct {
				Labels map[string]string `json:"labels"`
			} `json:"series"`
		}
		if err := json.Unmarshal(r.AppendJSON(nil), &doc); err != nil {
			t.Fatalf("JSON: %v", err)
		}
		if got := doc["fuzz_total"]; got.Help != validUTF8(help) || len(got.Series) != 1 || got.Series[0].Labels["v"] != wantV {
			t.Fatalf("JSON: read back %+v; want help %q, value %q", got, validUTF8(help), wantV)
		}
	})
}
