package metricsconf

import (
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"

	"github.com/healthlite/healthlite/core/metrics"
)

// Prometheus' scrape protocols and the Accept values it sends for them
// (config.ScrapeProtocolsHeaders in Prometheus v0.316.0, i.e. 3.x; 2.x sends
// the same media types).
const (
	protoOM1   = "application/openmetrics-text;version=1.0.0"
	protoOM001 = "application/openmetrics-text;version=0.0.1"
	protoText1 = "text/plain;version=1.0.0"
	protoText4 = "text/plain;version=0.0.4"
	protoPB    = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"
)

// acceptHeader builds the Accept header as Prometheus' scrape loop does
// (scrape.acceptHeader): descending q-values from 0.7, the escaping
// parameter on the newer text formats, and */* last.
func acceptHeader(protocols ...string) string {
	var vals []string
	weight := 7 // len(config.ScrapeProtocolsHeaders) + 1
	for _, p := range protocols {
		if p == protoOM1 || p == protoText1 {
			p += ";escaping=allow-utf-8"
		}
		vals = append(vals, p+";q=0."+strconv.Itoa(weight))
		weight--
	}
	return strings.Join(append(vals, "*/*;q=0."+strconv.Itoa(weight)), ",")
}

// TestPrometheusScrape negotiates as each Prometheus scrape configuration
// asks, then hands the body and the answered Content-Type to Prometheus'
// own parser selection (textparse.New), as its scrape loop does: the type
// must be recognised without a warning and the body parsed in full, with
// the same samples expfmt reads.
func TestPrometheusScrape(t *testing.T) {
	r := healthliteRegistry(t, differentialSpecs())
	want := parseText(t, r.AppendPrometheus(nil))
	for _, tc := range []struct {
		name      string
		protocols []string
		format    metrics.Format
	}{
		{"default (Prometheus 3)", []string{protoOM1, protoOM001, protoText1, protoText4}, metrics.FormatOpenMetrics},
		{"protobuf first (native histograms)", []string{protoPB, protoOM1, protoOM001, protoText1, protoText4}, metrics.FormatOpenMetrics},
		{"text 0.0.4 only", []string{protoText4}, metrics.FormatPrometheus},
		{"text first", []string{protoText4, protoOM1}, metrics.FormatPrometheus},
		{"text 1.0.0 then OpenMetrics", []string{protoText1, protoOM1}, metrics.FormatPrometheus},
		{"OpenMetrics 0.0.1 only", []string{protoOM001}, metrics.FormatOpenMetrics},
		{"protobuf only", []string{protoPB}, metrics.FormatJSON}, // nothing healthlite serves but */*
	} {
		t.Run(tc.name, func(t *testing.T) {
			accept := acceptHeader(tc.protocols...)
			f := metrics.Negotiate(accept, "")
			if f != tc.format {
				t.Fatalf("Negotiate(%q) = %v; want %v", accept, f, tc.format)
			}
			if f == metrics.FormatJSON {
				return
			}
			body := r.Append(nil, f)
			p, err := textparse.New(body, f.ContentType(), labels.NewSymbolTable(), textparse.ParserOptions{})
			if err != nil || p == nil {
				t.Fatalf("Prometheus does not accept Content-Type %q: %v", f.ContentType(), err)
			}
			got := parseWith(t, p, body)
			for k, w := range want.samples {
				if strings.Contains(k, "diff_untotalled{") && f == metrics.FormatOpenMetrics {
					k = strings.Replace(k, "diff_untotalled{", "diff_untotalled_total{", 1)
				}
				if g, ok := got.samples[k]; !ok || !sameFloat(g, w) {
					t.Errorf("%s = %v (present %v); expfmt read %v", k, g, ok, w)
				}
			}
			if len(got.samples) != len(want.samples) {
				t.Errorf("%d samples; expfmt read %d", len(got.samples), len(want.samples))
			}
		})
	}
}
