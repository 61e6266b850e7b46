// Package floatfmt writes a float64 as strconv.AppendFloat(dst, v, 'g', -1,
// 64) does, for core's encoders. Under the Go toolchain Append is strconv's;
// under TinyGo it is AppendExact, which gives the same bytes without
// strconv's 11 KB table of powers of ten (a sixth of a 64 KB
// microcontroller's flash) and without allocating.
package floatfmt

import (
	"math"
	"math/bits"
)

// AppendExact appends v as strconv.AppendFloat(dst, v, 'g', -1, 64) does:
// the fewest significant digits that parse back to v, the nearest to v of
// those. It finds them with Burger and Dybvig's free-format algorithm
// ("Printing Floating-Point Numbers Quickly and Accurately", 1996) on exact
// integers of at most 1,184 bits, kept on the stack (some 600 bytes); it
// allocates nothing beyond what dst's growth needs. It is slower than
// strconv: under TinyGo, callers take it only for values a cheaper path
// cannot prove the digits of.
func AppendExact(dst []byte, v float64) []byte {
	b := math.Float64bits(v)
	neg := b>>63 != 0
	biased := int(b>>52) & 0x7ff
	mant := b & (1<<52 - 1)
	switch {
	case biased == 0x7ff && mant != 0:
		return append(dst, "NaN"...)
	case biased == 0x7ff && neg:
		return append(dst, "-Inf"...)
	case biased == 0x7ff:
		return append(dst, "+Inf"...)
	}
	if neg {
		dst = append(dst, '-')
	}
	if biased == 0 && mant == 0 {
		return append(dst, '0')
	}
	e := -1074
	if biased > 0 {
		mant |= 1 << 52
		e = biased - 1075
	}
	var digits [20]byte
	if a := math.Abs(v); a < 1<<53 && a == math.Trunc(a) {
		// A whole number below 2^53 is its own shortest form: its
		// neighbours are at most 1 away.
		i := len(digits)
		for n := uint64(a); n > 0; n /= 10 {
			i--
			digits[i] = byte('0' + n%10)
		}
		d := digits[i:]
		dp := len(d)
		for len(d) > 1 && d[len(d)-1] == '0' {
			d = d[:len(d)-1]
		}
		return appendG(dst, d, dp)
	}
	nd, dp := shortest(mant, e, biased > 1 && mant == 1<<52, &digits)
	return appendG(dst, digits[:nd], dp)
}

// appendG writes the digits of 0.d1d2…×10^dp in strconv's 'g' form for the
// shortest precision: %e when the exponent is below -4 or at least 6, else
// %f.
func appendG(dst, d []byte, dp int) []byte {
	if exp := dp - 1; exp < -4 || exp >= 6 {
		dst = append(dst, d[0])
		if len(d) > 1 {
			dst = append(dst, '.')
			dst = append(dst, d[1:]...)
		}
		dst = append(dst, 'e', '+')
		if exp < 0 {
			dst[len(dst)-1] = '-'
			exp = -exp
		}
		if exp < 10 {
			dst = append(dst, '0')
		}
		if exp >= 100 {
			dst = append(dst, byte('0'+exp/100))
		}
		if exp >= 10 {
			dst = append(dst, byte('0'+exp/10%10))
		}
		return append(dst, byte('0'+exp%10))
	}
	switch {
	case dp <= 0:
		dst = append(dst, '0', '.')
		for ; dp < 0; dp++ {
			dst = append(dst, '0')
		}
		return append(dst, d...)
	case dp >= len(d):
		dst = append(dst, d...)
		for ; dp > len(d); dp-- {
			dst = append(dst, '0')
		}
		return dst
	}
	dst = append(dst, d[:dp]...)
	dst = append(dst, '.')
	return append(dst, d[dp:]...)
}

// shortest writes into out the digits of mant×2^e (mant > 0) that
// AppendExact writes, and returns how many there are and the decimal point's
// position: the value is 0.d1d2…×10^dp. unequal says the gap to the next
// float below is half the gap to the one above (mant is a power of two and
// not the smallest normal). Each bound of the interval of decimals that
// parse back to the value counts as inside when mant is even, as parsing
// rounds ties to even.
func shortest(mant uint64, e int, unequal bool, out *[20]byte) (nd, dp int) {
	var r, s, mm, t nat // the value is r/s; mm the gap below, mp (mm or 2mm) above
	even := mant%2 == 0
	r.setUint64(mant)
	s.setUint64(1)
	mm.setUint64(1)
	if e >= 0 {
		r.shl(e + 1)
		s.shl(1)
		mm.shl(e)
	} else {
		r.shl(1)
		s.shl(1 - e)
	}
	if unequal {
		r.shl(1)
		s.shl(1)
	}
	// The decimal exponent: an estimate from the binary one that is never
	// above the true one (v ≥ 2^(e+len-1)), then raised while r+mp, the
	// top of the interval, reaches s.
	k := ceilLog10Pow2(e + bits.Len64(mant) - 1)
	if k >= 0 {
		s.mulPow10(k)
	} else {
		r.mulPow10(-k)
		mm.mulPow10(-k)
	}
	for reachesTop(&r, &mm, &s, &t, unequal, even) {
		s.mulSmall(10)
		k++
	}
	for {
		r.mulSmall(10)
		mm.mulSmall(10)
		d := byte(0)
		for r.cmp(&s) >= 0 {
			r.sub(&s)
			d++
		}
		c := r.cmp(&mm)
		low := c < 0 || (even && c == 0)
		up := reachesTop(&r, &mm, &s, &t, unequal, even)
		if !low && !up && nd < len(out)-1 {
			out[nd] = '0' + d
			nd++
			continue
		}
		switch {
		case low && up:
			t = r
			t.shl(1)
			if c := t.cmp(&s); c > 0 || (c == 0 && d%2 == 1) {
				d++
			}
		case up:
			d++
		}
		out[nd] = '0' + d
		return nd + 1, k
	}
}

// ceilLog10Pow2 returns ⌈x·log10(2)⌉ for |x| ≤ 1650, in integers (no
// float code for a soft-float board): 78913/2^18 is log10(2) closely
// enough that the shift floors it exactly in that range, and x·log10(2) is
// a whole number only for x = 0.
func ceilLog10Pow2(x int) int {
	if x == 0 {
		return 0
	}
	return x*78913>>18 + 1
}

// reachesTop reports whether r plus the gap above (mm, twice mm when
// unequal) reaches s (or passes it, when the bound is not inside: odd
// mantissa); t is scratch.
func reachesTop(r, mm, s, t *nat, unequal, even bool) bool {
	*t = *mm
	if unequal {
		t.shl(1)
	}
	t.add(r)
	c := t.cmp(s)
	return c > 0 || (even && c == 0)
}

// nat is a natural number of up to 37 32-bit words, least significant
// first: enough for the scaled values of any float64 (2^1077 and 10^324
// times a 55-bit mantissa, times 10).
type nat struct {
	w [37]uint32
	n int // words in use
}

func (x *nat) setUint64(v uint64) {
	x.w[0], x.w[1] = uint32(v), uint32(v>>32)
	x.n = 2
	x.trim()
}

func (x *nat) trim() {
	for x.n > 0 && x.w[x.n-1] == 0 {
		x.n--
	}
}

// shl multiplies x by 2^k.
func (x *nat) shl(k int) {
	words, b := k/32, uint(k%32)
	if b > 0 {
		var carry uint32
		for i := 0; i < x.n; i++ {
			w := x.w[i]
			x.w[i] = w<<b | carry
			carry = w >> (32 - b)
		}
		if carry != 0 {
			x.w[x.n] = carry
			x.n++
		}
	}
	if words > 0 && x.n > 0 {
		copy(x.w[words:words+x.n], x.w[:x.n])
		clear(x.w[:words])
		x.n += words
	}
}

// mulSmall multiplies x by m.
func (x *nat) mulSmall(m uint32) {
	var carry uint32
	for i := 0; i < x.n; i++ {
		hi, lo := bits.Mul32(x.w[i], m)
		lo, c := bits.Add32(lo, carry, 0)
		x.w[i], carry = lo, hi+c
	}
	if carry != 0 {
		x.w[x.n] = carry
		x.n++
	}
}

// mulPow10 multiplies x by 10^k.
func (x *nat) mulPow10(k int) {
	for ; k >= 9; k -= 9 {
		x.mulSmall(1e9)
	}
	m := uint32(1)
	for ; k > 0; k-- {
		m *= 10
	}
	x.mulSmall(m)
}

// add adds y to x.
func (x *nat) add(y *nat) {
	n := max(x.n, y.n)
	clear(x.w[x.n:n])
	var carry uint32
	for i := 0; i < n; i++ {
		var yw uint32
		if i < y.n {
			yw = y.w[i]
		}
		x.w[i], carry = bits.Add32(x.w[i], yw, carry)
	}
	x.n = n
	if carry != 0 {
		x.w[n] = carry
		x.n++
	}
}

// sub subtracts y, at most x, from x.
func (x *nat) sub(y *nat) {
	var borrow uint32
	for i := 0; i < x.n; i++ {
		var yw uint32
		if i < y.n {
			yw = y.w[i]
		}
		x.w[i], borrow = bits.Sub32(x.w[i], yw, borrow)
	}
	x.trim()
}

// cmp returns -1, 0 or 1 as x is below, equal to or above y.
func (x *nat) cmp(y *nat) int {
	if x.n != y.n {
		if x.n < y.n {
			return -1
		}
		return 1
	}
	for i := x.n - 1; i >= 0; i-- {
		if x.w[i] != y.w[i] {
			if x.w[i] < y.w[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
