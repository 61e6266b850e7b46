package metrics

import (
	"math"
	"strconv"
)

// pow10 are the powers of ten a float64 holds exactly, and pow10u the same
// as integers.
var (
	pow10  = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17}
	pow10u = [...]uint64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17}
)

// appendDecimal appends v as strconv's shortest 'g' form writes it, for
// values that are not whole with 1e-4 <= |v| < 1e6, which 'g' writes as
// plain decimals; ok is false, and nothing is appended, when it cannot
// prove its digits are those. It allocates nothing, where TinyGo's
// strconv.AppendFloat allocates its digit buffer on every call.
//
// It looks for the fewest fractional digits k for which a decimal n/10^k
// with n < 2^53 converts back to v. float64(n)/10^k divides two exact
// values, so IEEE division rounds it exactly as parsing the decimal does;
// n is searched at ±1 around v·10^k, whose rounding error is below one.
// The fewest fractional digits are the fewest significant digits for a
// value of fixed magnitude, and a single candidate at that length is the
// one strconv picks; with two it gives up.
func appendDecimal(dst []byte, v float64) (_ []byte, ok bool) {
	a := math.Abs(v)
	if !(a >= 1e-4 && a < 1e6) || a == math.Trunc(a) {
		return dst, false
	}
	for k := 1; k < len(pow10); k++ {
		s := a * pow10[k]
		if s >= 1<<53-1 {
			return dst, false
		}
		c := uint64(s)
		lo := c
		if lo > 0 {
			lo--
		}
		var n uint64
		found := 0
		for m := lo; m <= c+1; m++ {
			if float64(m)/pow10[k] == a {
				n = m
				found++
			}
		}
		if found > 1 {
			return dst, false
		}
		if found == 0 {
			continue
		}
		if v < 0 {
			dst = append(dst, '-')
		}
		dst = strconv.AppendUint(dst, n/pow10u[k], 10)
		dst = append(dst, '.')
		frac := n % pow10u[k]
		for i := k - 1; i >= 0; i-- {
			dst = append(dst, byte('0'+frac/pow10u[i]%10))
		}
		return dst, true
	}
	return dst, false
}
