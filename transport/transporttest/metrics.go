package transporttest

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

// prometheusAccept is the Accept header Prometheus 3 sends when scraping.
const prometheusAccept = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6," +
	"application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4," +
	"text/plain;version=0.0.4;q=0.3,*/*;q=0.2"

// testMetrics checks that Accept and ?format reach the negotiation, and
// that each format arrives with its exact Content-Type. Metric values move
// with every probe (the router counts requests), so bodies are checked by
// their shape, not byte for byte.
func testMetrics(t *testing.T, addr string) {
	c := dial(t, addr)
	if a, ok := c.do(t, get("/metrics")); ok && a.StatusCode == 404 {
		t.Skip("core answers 404 for /metrics: negotiation is not served yet")
	}
	cases := []struct {
		target, accept string
		format         metrics.Format
	}{
		{"/metrics", "", metrics.FormatJSON},
		{"/metrics", "application/json", metrics.FormatJSON},
		{"/metrics", "text/plain", metrics.FormatPrometheus},
		{"/metrics", "text/plain;version=0.0.4;q=0.3,*/*;q=0.2", metrics.FormatPrometheus},
		{"/metrics", "application/openmetrics-text; version=1.0.0", metrics.FormatOpenMetrics},
		{"/metrics", prometheusAccept, metrics.FormatOpenMetrics},
		{"/metrics?format=prometheus", prometheusAccept, metrics.FormatPrometheus},
		{"/metrics?format=json", "text/plain", metrics.FormatJSON},
		{"/metrics?format=openmetrics", "", metrics.FormatOpenMetrics},
	}
	for _, cs := range cases {
		if got := metrics.Negotiate(cs.accept, queryOf(cs.target)); got != cs.format {
			t.Fatalf("metrics.Negotiate(%q, %q) = %v, want %v: the suite's expectations are out of date", cs.accept, queryOf(cs.target), got, cs.format)
		}
		for _, method := range []string{"GET", "HEAD"} {
			r := request{method: method, target: cs.target, accept: cs.accept}
			a, ok := c.do(t, r)
			if !ok {
				return
			}
			what := method + " " + cs.target + " (Accept: " + cs.accept + ")"
			if a.StatusCode != 200 || a.Header.Get("Content-Type") != cs.format.ContentType() {
				t.Errorf("%s: %d %q, want 200 %q", what, a.StatusCode, a.Header.Get("Content-Type"), cs.format.ContentType())
			}
			n, err := strconv.Atoi(a.Header.Get("Content-Length"))
			if err != nil || n == 0 {
				t.Errorf("%s: Content-Length %q", what, a.Header.Get("Content-Length"))
			}
			if method == "HEAD" {
				if len(a.body) != 0 {
					t.Errorf("%s: a body of %d bytes, want none", what, len(a.body))
				}
				continue
			}
			if n != len(a.body) {
				t.Errorf("%s: Content-Length %d for a body of %d bytes", what, n, len(a.body))
			}
			var okShape bool
			switch cs.format {
			case metrics.FormatJSON:
				okShape = bytes.HasPrefix(a.body, []byte("{"))
			case metrics.FormatPrometheus:
				okShape = bytes.HasPrefix(a.body, []byte("# ")) && !bytes.Contains(a.body, []byte("# EOF"))
			case metrics.FormatOpenMetrics:
				okShape = bytes.HasSuffix(a.body, []byte("# EOF\n"))
			}
			if !okShape {
				t.Errorf("%s: body is not %v:\n%s", what, cs.format, a.body)
			}
		}
	}
}

func queryOf(target string) string {
	if i := bytes.IndexByte([]byte(target), '?'); i >= 0 {
		return target[i+1:]
	}
	return ""
}
