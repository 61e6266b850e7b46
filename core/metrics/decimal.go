package metrics

import "math"

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// appendDecimal appends v, finite and not zero, as strconv's shortest 'g'
// form writes it ("0.25", "1.74906537e+09", "1.5e-05"), for values it can
// prove that form of without big-number arithmetic; ok is false, and nothing
// is appended, for the others. It allocates nothing, where TinyGo's
// strconv.AppendFloat allocates its digit buffer on every call.
//
// A whole |v| below 2^53 is its own shortest form (its neighbours are at
// most 1 apart, so no shorter decimal is nearer to it than to them). For
// others it looks for the fewest fractional digits k for which a decimal
// n/10^k with n < 2^53 converts back to v: float64(n)/10^k divides two
// exact values, so IEEE division rounds it exactly as parsing the decimal
// does, and n is tried at ±1 around v·10^k, whose rounding error is below
// one. The fewest fractional digits are the fewest significant digits for a
// value of fixed magnitude, and a single candidate at that length is the one
// strconv picks; with two it gives up.
func appendDecimal(dst []byte, v float64) (_ []byte, ok bool) {
	a := math.Abs(v)
	if !(a > 0 && a < 1<<53) {
		return dst, false
	}
	n, k := uint64(a), 0
	if float64(n) != a {
		if n, k = fewestDigits(a); k == 0 {
			return dst, false
		}
	}
	var buf [20]byte
	i := len(buf)
	for m := n; m > 0; m /= 10 {
		i--
		buf[i] = byte('0' + m%10)
	}
	digits := buf[i:]
	dp := len(digits) - k // digits before the decimal point (negative: zeros after it)
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1] // only a whole n has them
	}
	if v < 0 {
		dst = append(dst, '-')
	}
	if exp := dp - 1; exp < -4 || exp >= 6 { // strconv's rule for 'g' with the shortest precision
		dst = append(dst, digits[0])
		if len(digits) > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e', '+')
		if exp < 0 {
			dst[len(dst)-1] = '-'
			exp = -exp
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		return appendUint(dst, uint64(exp)), true
	}
	switch {
	case dp <= 0:
		dst = append(dst, '0', '.')
		for ; dp < 0; dp++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	case dp >= len(digits):
		dst = append(dst, digits...)
		for ; dp > len(digits); dp-- {
			dst = append(dst, '0')
		}
	default:
		dst = append(dst, digits[:dp]...)
		dst = append(dst, '.')
		dst = append(dst, digits[dp:]...)
	}
	return dst, true
}

// fewestDigits returns n and k > 0 such that n/10^k is the only decimal
// with k fractional digits that converts back to a, for the least such k,
// or k = 0 when it finds none it can prove.
func fewestDigits(a float64) (n uint64, k int) {
	for k = 1; k < len(pow10); k++ {
		s := a * pow10[k]
		if s >= 1<<53-1 {
			return 0, 0
		}
		c := uint64(s)
		lo := c
		if lo > 0 {
			lo--
		}
		found := 0
		for m := lo; m <= c+1; m++ {
			if float64(m)/pow10[k] == a {
				n = m
				found++
			}
		}
		if found == 1 {
			return n, k
		}
		if found > 1 {
			return 0, 0
		}
	}
	return 0, 0
}
