//go:build tinygo

package metrics

import "strconv"

// appendShortest appends v in strconv's shortest 'g' form. Under TinyGo
// strconv.AppendFloat allocates on every call, so the values metrics mostly
// hold (decimals of a few digits, whole numbers below 2^53) take
// appendDecimal's path, which does not.
func appendShortest(dst []byte, v float64) []byte {
	if b, ok := appendDecimal(dst, v); ok {
		return b
	}
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}
