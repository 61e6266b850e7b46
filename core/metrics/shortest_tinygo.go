//go:build tinygo

package metrics

import "github.com/healthlite/healthlite/core/internal/floatfmt"

// appendShortest appends v in strconv's shortest 'g' form. Under TinyGo
// strconv.AppendFloat allocates on every call and brings an 11 KB table,
// so the values metrics mostly hold (decimals of a few digits, whole
// numbers below 2^53) take appendDecimal's path, and the others
// floatfmt's exact one; neither allocates.
func appendShortest(dst []byte, v float64) []byte {
	if b, ok := appendDecimal(dst, v); ok {
		return b
	}
	return floatfmt.AppendExact(dst, v)
}
