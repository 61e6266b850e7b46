package core

import (
	"sync"

	"github.com/healthlite/healthlite/core/metrics"
)

// maxCachedAccept bounds the Accept header formatCache remembers (a
// Prometheus 3 scrape's is ~230 bytes; one asking for protobuf first ~330).
const maxCachedAccept = 512

// formatCache remembers the format metrics.Negotiate chose for the last
// /metrics Accept header. A scraper sends the same header every time, and
// negotiating it is a good part of a scrape's work (Prometheus 3's five
// media ranges, ~5k instructions, against a compare of their bytes). The
// answer is exactly Negotiate's: a request with a query string, or a
// header longer than maxCachedAccept, is negotiated afresh, and any other
// header is looked up by its bytes. The buffer grows to the longest header
// seen, then serving allocates nothing; a program never scraped holds none.
type formatCache struct {
	mu     sync.Mutex
	header []byte // the last header negotiated
	format metrics.Format
}

// negotiate returns metrics.Negotiate(header, rawQuery).
func (c *formatCache) negotiate(header, rawQuery string) metrics.Format {
	if rawQuery != "" || len(header) > maxCachedAccept {
		return metrics.Negotiate(header, rawQuery)
	}
	c.mu.Lock()
	if c.header != nil && sameBytes(c.header, header) {
		f := c.format
		c.mu.Unlock()
		return f
	}
	c.mu.Unlock()
	f := metrics.Negotiate(header, "")
	c.mu.Lock()
	c.header, c.format = append(c.header[:0], header...), f
	c.mu.Unlock()
	return f
}
