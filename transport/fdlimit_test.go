package transport

import "testing"

func TestDefaultMaxConns(t *testing.T) {
	for _, tc := range []struct{ limit, reserve, want int }{
		{1024, DefaultReservedFiles, 896},       // an eighth is more than 64
		{256, DefaultReservedFiles + 8, 184},    // the reserve is more than an eighth
		{20000, DefaultReservedFiles, 17500},    // an eighth
		{128, 1000, 32},                         // never under a quarter of the limit
		{2, DefaultReservedFiles, 1},            // nor under 1
		{0, DefaultReservedFiles, 4096},         // limit unknown
		{1 << 20, DefaultReservedFiles, 917504}, // 1 Mi descriptors
	} {
		if got := DefaultMaxConns(tc.limit, tc.reserve); got != tc.want {
			t.Errorf("DefaultMaxConns(%d, %d) = %d, want %d", tc.limit, tc.reserve, got, tc.want)
		}
	}
}

func TestLocalShare(t *testing.T) {
	for max, want := range map[int]int{1: 0, 2: 1, 10: 5, 16: 8, 64: 8, 184: 23, 896: 112} {
		if got := LocalShare(max); got != want {
			t.Errorf("LocalShare(%d) = %d, want %d", max, got, want)
		}
	}
}
