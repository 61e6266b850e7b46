package metrics

import (
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// checkDecimal fails t when appendDecimal writes v other than strconv does.
func checkDecimal(t testing.TB, v float64) bool {
	got, ok := appendDecimal([]byte("x"), v)
	if !ok {
		if string(got) != "x" {
			t.Fatalf("appendDecimal(%v) gave up but appended %q", v, got)
		}
		return false
	}
	if want := strconv.AppendFloat([]byte("x"), v, 'g', -1, 64); string(got) != string(want) {
		t.Fatalf("appendDecimal(%v) = %q, strconv writes %q", v, got, want)
	}
	return true
}

func TestAppendDecimalMatchesStrconv(t *testing.T) {
	for _, v := range []float64{0.1, 0.2, 0.3, 0.25, 1.5, -1.5, 3.14159, 0.0001, 0.00012, 999999.5, 123.456,
		0.1 + 0.2, 1.0 / 3, 2.0 / 3, 12.345678912, 86399.999999999, 0.001, 0.005, 2.5, 0.000123456789} {
		checkDecimal(t, v)
	}
	for _, v := range []float64{0.1, 1.5, 12.345678912, 0.005, 0.000123456789} {
		if !checkDecimal(t, v) {
			t.Errorf("appendDecimal(%v) gave up; want the plain decimal", v)
		}
	}
	for _, v := range []float64{1, 1e6, 1749065370, 1234567.5, 1e-5, 1.5e-5, 0.00009999, 123456789012345, -2e7, 1e-10} {
		if !checkDecimal(t, v) {
			t.Errorf("appendDecimal(%v) gave up; want the shortest form", v)
		}
	}
	for _, v := range []float64{0, math.NaN(), math.Inf(1), 1.0 / 3 * 1e-5, 1e21, 1e300, 1 << 60} {
		if checkDecimal(t, v) {
			t.Errorf("appendDecimal(%v) did not give up", v)
		}
	}
	r := rand.New(rand.NewSource(1))
	hits := 0
	for i := 0; i < 20000; i++ {
		// Decimals of a few digits (what gauges and durations hold), and
		// arbitrary bit patterns in and around the range.
		k := r.Intn(12)
		v := float64(r.Int63n(1e12)) / math.Pow(10, float64(k))
		if checkDecimal(t, v) {
			hits++
		}
		checkDecimal(t, math.Float64frombits(r.Uint64()>>2|0x3f00000000000000))
		checkDecimal(t, (r.Float64()-0.5)*2e6)
		checkDecimal(t, float64(r.Int63n(1<<53)))
		checkDecimal(t, float64(r.Int63n(1e9))*math.Pow(10, float64(r.Intn(30)-15)))
	}
	if hits < 10000 {
		t.Errorf("appendDecimal took only %d of 20000 short decimals", hits)
	}
}

func FuzzAppendDecimal(f *testing.F) {
	for _, v := range []float64{0.1, 12.5, 999999.999, 0.0001, -3.25} {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		checkDecimal(t, math.Float64frombits(bits))
		// A decimal of up to 15 digits at a power of ten in ±20, which
		// lands in appendDecimal's range far more often than any bits do.
		m, e := int64(bits>>8)%1e15, int(int8(bits))%20
		checkDecimal(t, float64(m)*math.Pow(10, float64(e)))
	})
}

// Near powers of ten v·10^k rounds to just below an integer, and the
// candidate above must still be found (else a trailing zero follows).
func TestAppendDecimalNearPowersOfTen(t *testing.T) {
	for k := -12; k < 16; k++ {
		p := math.Pow(10, float64(k))
		for _, v := range []float64{p, math.Nextafter(p, 0), math.Nextafter(p, 2*p), 1.5 * p, 9.5 * p} {
			checkDecimal(t, v)
		}
	}
}
