//go:build !tinygo

package floatfmt

import "strconv"

// Append appends v as strconv.AppendFloat(dst, v, 'g', -1, 64) does; with the
// Go toolchain it is that call, the fastest.
func Append(dst []byte, v float64) []byte { return strconv.AppendFloat(dst, v, 'g', -1, 64) }
