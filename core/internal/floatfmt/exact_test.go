package floatfmt

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
)

// edgeValues are floats at the edges of the format: the extremes, powers
// of two (whose gap below is half the one above), halfway cases, the
// switch between %f and %e, and whole numbers past 2^53.
var edgeValues = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 100, 1e5, 123456, 1e6, 1234567,
	1e-4, 1.5e-5, 0.0001234, 1e21, 1e22, 1e23, 5e-324, 1e-323, math.SmallestNonzeroFloat64,
	math.MaxFloat64, -math.MaxFloat64, 2.2250738585072014e-308, 2.225073858507201e-308,
	1 << 53, 1<<53 + 2, 1 << 54, 1 << 63, 1 << 64, 9007199254740993, 1.7976931348623157e308,
	4.35, 0.005, 0.025, 2.5, 1e15, 1e16, 1e17, 1749065370.332, 8.41e21, 5.0e-310, math.Inf(1),
	math.Inf(-1), math.NaN(), 123456789012345678, 0.000001, 0.00001,
}

// TestAppendExactMatchesStrconv compares AppendExact with strconv's 'g'
// shortest form on the edge values, every power of two and of ten, and
// random bit patterns across the whole exponent range.
func TestAppendExactMatchesStrconv(t *testing.T) {
	check := func(v float64) {
		t.Helper()
		want := strconv.AppendFloat(nil, v, 'g', -1, 64)
		if got := AppendExact(nil, v); string(got) != string(want) {
			t.Errorf("AppendExact(%b) = %s, want %s", math.Float64bits(v), got, want)
		}
	}
	for _, v := range edgeValues {
		check(v)
		check(-v)
		check(math.Nextafter(v, math.Inf(1)))
		check(math.Nextafter(v, math.Inf(-1)))
	}
	for e := -1074; e <= 1023; e++ {
		check(math.Ldexp(1, e))
	}
	for e := -323; e <= 308; e++ {
		v, _ := strconv.ParseFloat("1e"+strconv.Itoa(e), 64)
		check(v)
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 100_000
	if testing.Short() || runtime.Compiler == "tinygo" {
		n = 5_000 // a board under QEMU takes a minute for 20,000
	}
	for i := 0; i < n; i++ {
		check(math.Float64frombits(r.Uint64()))
		check(float64(r.IntN(1_000_000)) / 1000) // the decimals metrics mostly hold
		check(float64(r.Int64N(1 << 53)))        // and whole numbers
		check(float64(r.Int64N(1<<54) + 1<<53))
	}
}

// TestCeilLog10Pow2 compares the integer estimate with the float one.
func TestCeilLog10Pow2(t *testing.T) {
	for x := -1650; x <= 1650; x++ {
		if got, want := ceilLog10Pow2(x), int(math.Ceil(float64(x)*math.Log10(2))); got != want {
			t.Errorf("ceilLog10Pow2(%d) = %d, want %d", x, got, want)
		}
	}
}

// TestAppendMatchesStrconv: Append, whichever implementation the
// toolchain takes, writes strconv's form.
func TestAppendMatchesStrconv(t *testing.T) {
	for _, v := range edgeValues {
		if got, want := Append([]byte("x"), v), strconv.AppendFloat([]byte("x"), v, 'g', -1, 64); string(got) != string(want) {
			t.Errorf("Append(%v) = %s, want %s", v, got, want)
		}
	}
}

// TestAppendExactAllocatesNothing: digits and the exact integers stay on
// the stack.
func TestAppendExactAllocatesNothing(t *testing.T) {
	buf := make([]byte, 0, 64)
	for _, v := range []float64{0.1, 5e-324, math.MaxFloat64, 1.0 / 3} {
		if n := testing.AllocsPerRun(100, func() { buf = AppendExact(buf[:0], v) }); n != 0 {
			t.Errorf("AppendExact(%v): %v allocations", v, n)
		}
	}
}

func FuzzAppendExact(f *testing.F) {
	for _, v := range edgeValues {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, b uint64) {
		v := math.Float64frombits(b)
		if got, want := AppendExact(nil, v), strconv.AppendFloat(nil, v, 'g', -1, 64); string(got) != string(want) {
			t.Errorf("AppendExact(%b) = %s, want %s", b, got, want)
		}
	})
}

func BenchmarkAppendExact(b *testing.B) {
	buf := make([]byte, 0, 64)
	for b.Loop() {
		buf = AppendExact(buf[:0], 1.0/3)
	}
}
