package metrics

import "testing"

func TestNegotiate(t *testing.T) {
	const (
		prom2 = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
		prom3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"
		issue = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"
		// Prometheus configured with scrape_protocols: [PrometheusText0.0.4, OpenMetricsText1.0.0].
		promTextFirst = "text/plain;version=0.0.4;q=0.5,application/openmetrics-text;version=1.0.0;q=0.4,*/*;q=0.3"
		// Prometheus 3 with native histograms asks for protobuf first.
		protoFirst = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"
	)
	tests := []struct {
		accept, query string
		want          Format
	}{
		{"", "", FormatJSON},
		{issue, "", FormatOpenMetrics},
		{prom2, "", FormatOpenMetrics},
		{prom3, "", FormatOpenMetrics},
		{promTextFirst, "", FormatPrometheus},
		{protoFirst, "", FormatOpenMetrics},
		{"text/plain", "", FormatPrometheus},
		{"text/plain; version=0.0.4", "", FormatPrometheus},
		{"TEXT/PLAIN", "", FormatPrometheus},
		{"text/*", "", FormatPrometheus},
		{"application/json", "", FormatJSON},
		{"*/*", "", FormatJSON},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", FormatJSON},
		{"application/openmetrics-text", "", FormatOpenMetrics},
		{" application/openmetrics-text ; q=1.0 ", "", FormatOpenMetrics},
		{"text/plain;q=0.2, application/json;q=0.3", "", FormatJSON},
		{"application/json;q=0.3, text/plain;q=0.9", "", FormatPrometheus},
		{"text/plain;q=0.5, application/openmetrics-text;q=0.5", "", FormatPrometheus}, // tie: first wins
		{"application/openmetrics-text;q=0, text/plain;q=0.001", "", FormatPrometheus}, // q=0: not acceptable
		{"application/openmetrics-text;q=0", "", FormatJSON},
		{"application/openmetrics-text;q=2, text/plain;q=0.1", "", FormatPrometheus}, // invalid q skipped
		{"application/openmetrics-text;q=abc", "", FormatJSON},
		{"application/openmetrics-text;q=0.1;q=1, text/plain;q=0.5", "", FormatPrometheus}, // the first q decides
		{"application/openmetrics-text;q=0.12345", "", FormatJSON},
		{"image/png", "", FormatJSON},
		{",,;;,", "", FormatJSON},
		{prom2, "format=json", FormatJSON},
		{"", "format=prometheus", FormatPrometheus},
		{"", "format=openmetrics", FormatOpenMetrics},
		{"", "verbose&format=OpenMetrics", FormatOpenMetrics},
		{"text/plain", "format=yaml", FormatPrometheus}, // unknown value: Accept decides
		{"", "format=yaml&format=prometheus", FormatPrometheus},
		{"", "xformat=prometheus", FormatJSON},
		{"", "format=%70rometheus", FormatPrometheus},
		{"", "%66ormat=Open%4detrics", FormatOpenMetrics},
		{"", "format=js%6Fn", FormatJSON},
		{"text/plain", "format=%", FormatPrometheus},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.accept, tt.query); got != tt.want {
			t.Errorf("Negotiate(%q, %q) = %v; want %v", tt.accept, tt.query, got, tt.want)
		}
	}
}

func TestContentType(t *testing.T) {
	for f, want := range map[Format]string{
		FormatJSON:        "application/json",
		FormatPrometheus:  "text/plain; version=0.0.4; charset=utf-8",
		FormatOpenMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
	} {
		if got := f.ContentType(); got != want {
			t.Errorf("%v.ContentType() = %q; want %q", f, got, want)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	f.Add("application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.4,*/*;q=0.1", "format=json")
	f.Add("text/plain;q=0.5", "")
	f.Fuzz(func(t *testing.T, accept, query string) {
		got := Negotiate(accept, query)
		if got > FormatOpenMetrics {
			t.Fatalf("Negotiate(%q, %q) = %d: not a format", accept, query, got)
		}
		// A format= override always wins, whatever the header says.
		if Negotiate(accept, "format=prometheus&"+query) != FormatPrometheus {
			t.Fatalf("format=prometheus did not override Accept %q", accept)
		}
		// Percent-encoded, it is the same parameter.
		if Negotiate(accept, "%66ormat=%70rometheus&"+query) != FormatPrometheus {
			t.Fatalf("%%66ormat=%%70rometheus did not override Accept %q", accept)
		}
		// Appending a range that is not acceptable never changes the answer.
		if again := Negotiate(accept+",x/y", query); again != got {
			t.Fatalf("adding x/y to %q changed %v to %v", accept, got, again)
		}
	})
}
