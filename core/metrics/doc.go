// Package metrics provides counters, gauges and histograms whose updates are
// single atomic operations and whose scrapes allocate nothing, and sampled
// gauges, counters and summaries, rendered when a sampler sets them.
//
// Every series has a constant label set, fixed when it is registered. At
// registration the registry validates the name and labels and pre-renders
// each series' name and labels for every output format: Prometheus text
// 0.0.4, OpenMetrics 1.0 and JSON. A scrape is then one pass over the
// registry that appends pre-rendered bytes and the current values to a
// caller's buffer, in the append style:
//
//	buf = reg.AppendPrometheus(buf[:0])
//
// Families come out sorted by name and series sorted by labels, so the same
// registry always renders the same bytes. Floats are written exactly as
// Prometheus writes them (shortest round-trip form, "+Inf", "-Inf", "NaN").
//
// [Negotiate] picks a format from an HTTP Accept header and query string the
// way Prometheus 2 and 3 ask for one; [Format.ContentType] gives the exact
// Content-Type to answer with.
//
// The package imports only errors, math, strconv, sync, sync/atomic and
// unicode/utf8, so it compiles with TinyGo.
package metrics
