package core

import (
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

// TestDetailsOnEveryEndpoint asks every endpoint and variant, from a local
// and a remote client, under each Details policy: a check message (which
// can name internal hosts) appears only with ?verbose and only when the
// policy allows the client; the status code never depends on the client.
func TestDetailsOnEveryEndpoint(t *testing.T) {
	const secret = "secret-db.internal:5432"
	requests := []Request{
		{Path: "/health"}, {Path: "/health", Accept: "application/health+json"},
		{Path: "/healthz"}, {Path: "/livez"}, {Path: "/readyz"},
		{Path: "/readyz/db"}, {Path: "/livez/db"},
		{Path: "/readyz", RawQuery: "exclude=other"}, {Path: "/healthz", RawQuery: "exclude=other"},
		{Path: "/metrics"}, {Path: "/metrics", RawQuery: "format=prometheus"}, {Path: "/metrics", RawQuery: "format=openmetrics"},
	}
	for _, c := range []struct {
		details       Details
		local, remote bool // whether such a client may see details
	}{{DetailsLocal, true, false}, {DetailsAll, true, true}, {DetailsNone, false, false}} {
		h := New(Options{Details: c.details, Clock: NewManualClock(t0)})
		db, _ := h.Reporter("db", GroupLive|GroupReady)
		db.Set(StatusFail, "cannot reach "+secret)
		other, _ := h.Reporter("other", GroupReady)
		other.Set(StatusWarn, "slow: "+secret)
		for _, base := range requests {
			for _, verbose := range []string{"", "verbose", "verbose=1", "verbose=0"} {
				var codes [2]int
				for i, local := range []bool{true, false} {
					req := base
					req.Method, req.Local = "GET", local
					if verbose != "" {
						req.RawQuery = strings.TrimPrefix(req.RawQuery+"&"+verbose, "&")
					}
					resp := &Response{}
					h.Route(&req, resp)
					codes[i] = resp.Status
					allowed := c.remote
					if local {
						allowed = c.local
					}
					want := allowed && verbose != "" && verbose != "verbose=0" && req.Path != "/metrics"
					if got := strings.Contains(string(resp.Body), secret); got != want {
						t.Errorf("details %d, local %v, %s?%s (Accept %q): message shown %v, want %v\n%s",
							c.details, local, req.Path, req.RawQuery, req.Accept, got, want, resp.Body)
					}
				}
				if codes[0] != codes[1] {
					t.Errorf("details %d, %s?%s: %d to a local client, %d to a remote one", c.details, base.Path, verbose, codes[0], codes[1])
				}
			}
		}
	}
}

// TestMetricsDetailSeries asks /metrics in every format from a local and a
// remote client under each Details policy: a series whose label came from
// check output (a perfdata label naming an internal host) is shown only to
// clients the policy allows, ?verbose or not, while the public series are
// shown to all.
func TestMetricsDetailSeries(t *testing.T) {
	const secret = "db-primary.internal.corp:5432 admin"
	for _, c := range []struct {
		details       Details
		local, remote bool
	}{{DetailsLocal, true, false}, {DetailsAll, true, true}, {DetailsNone, false, false}} {
		reg := metrics.NewRegistry()
		g, err := reg.NewDetailGauge("healthlite_check_perfdata", "Perfdata.", "check", "db", "label", secret)
		if err != nil {
			t.Fatal(err)
		}
		g.Set(85)
		h := New(Options{Details: c.details, Clock: NewManualClock(t0), Metrics: reg})
		db, _ := h.Reporter("db", GroupReady)
		db.Set(StatusPass, "")
		for _, query := range []string{"", "format=prometheus", "format=openmetrics", "verbose"} {
			for _, local := range []bool{true, false} {
				req := Request{Method: "GET", Path: "/metrics", RawQuery: query, Local: local}
				resp := &Response{Scratch: make([]byte, 0, 64<<10)}
				h.Route(&req, resp)
				want := c.remote
				if local {
					want = c.local
				}
				body := string(resp.Body)
				if got := strings.Contains(body, secret); got != want {
					t.Errorf("details %d, local %v, /metrics?%s: perfdata label shown %v, want %v\n%s", c.details, local, query, got, want, body)
				}
				if !strings.Contains(body, "healthlite_check_up") {
					t.Errorf("details %d, local %v, /metrics?%s: the public series are missing\n%s", c.details, local, query, body)
				}
			}
		}
	}
}
