//go:build tinygo

package core

// sameBytes reports whether b holds the bytes of s. TinyGo allocates for
// string(b) even in a comparison, so the bytes are compared one by one.
func sameBytes(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if b[i] != s[i] {
			return false
		}
	}
	return true
}
