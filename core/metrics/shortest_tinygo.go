//go:build tinygo

package metrics

import "github.com/healthlite/healthlite/core/internal/floatfmt"

// appendShortest appends v in strconv's shortest 'g' form. Under TinyGo
// strconv.AppendFloat allocates on every call and brings an 11 KB table;
// floatfmt.AppendExact does neither, and writes whole numbers (what
// counters hold) at once.
func appendShortest(dst []byte, v float64) []byte { return floatfmt.AppendExact(dst, v) }
