//go:build !tinygo

package metrics

import "strconv"

// appendShortest appends v in strconv's shortest 'g' form, which allocates
// nothing with the Go toolchain.
func appendShortest(dst []byte, v float64) []byte {
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}
