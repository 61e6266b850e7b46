package core

import (
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

// TestFormatCacheIsNegotiate: whatever order headers come in (repeated,
// alternating, the same bytes in other case, a query string, one over the
// size bound), the cache answers what metrics.Negotiate does.
func TestFormatCacheIsNegotiate(t *testing.T) {
	const prom3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
	long := strings.Repeat("text/html;q=0.9,", maxCachedAccept/16) + "text/plain"
	seq := []struct{ accept, query string }{
		{prom3, ""}, {prom3, ""}, // miss, then hit
		{"", ""}, {"", ""},
		{"text/plain", ""}, {"text/plain", ""},
		{"text/plain;q=0", ""}, // a longer header sharing the last one's bytes
		{"text/plai", ""},      // a shorter one
		{"TEXT/PLAIN", ""},
		{prom3, ""},
		{prom3, "format=json"}, // the query wins, the header is not cached under it
		{prom3, "verbose"},     // a query without format: the header decides
		{prom3, ""},
		{long, ""}, {long, ""}, // over the bound: negotiated every time
		{"application/json", ""},
		{prom3, ""},
	}
	var c formatCache
	for i, r := range seq {
		if got, want := c.negotiate(r.accept, r.query), metrics.Negotiate(r.accept, r.query); got != want {
			t.Errorf("request %d (Accept %.40q, query %q): %v, want %v", i, r.accept, r.query, got, want)
		}
	}
	if len(c.header) > maxCachedAccept {
		t.Errorf("cache holds %d bytes, want at most %d", len(c.header), maxCachedAccept)
	}
}

// TestFormatCacheAllocatesNothing: once its buffer has grown, a hit and a
// miss allocate nothing.
func TestFormatCacheAllocatesNothing(t *testing.T) {
	var c formatCache
	a := "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
	b := "text/plain;version=0.0.4"
	c.negotiate(a, "")
	if n := testing.AllocsPerRun(100, func() { c.negotiate(a, "") }); n != 0 {
		t.Errorf("hit: %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { c.negotiate(a, ""); c.negotiate(b, "") }); n != 0 {
		t.Errorf("alternating misses: %v allocations, want 0", n)
	}
}

// BenchmarkFormatCache: a scrape's negotiation with and without the cache.
func BenchmarkFormatCache(b *testing.B) {
	const prom3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2"
	b.Run("negotiate", func(b *testing.B) {
		for range b.N {
			metrics.Negotiate(prom3, "")
		}
	})
	b.Run("cached", func(b *testing.B) {
		var c formatCache
		for range b.N {
			c.negotiate(prom3, "")
		}
	})
}
