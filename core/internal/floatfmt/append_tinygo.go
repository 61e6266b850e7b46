//go:build tinygo

package floatfmt

// Append appends v as strconv.AppendFloat(dst, v, 'g', -1, 64) does; under
// TinyGo it is AppendExact, which keeps strconv's tables out of the binary.
func Append(dst []byte, v float64) []byte { return AppendExact(dst, v) }
