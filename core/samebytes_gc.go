//go:build !tinygo

package core

// sameBytes reports whether b holds the bytes of s. The Go compiler
// compares string(b) with s without converting (no allocation).
func sameBytes(b []byte, s string) bool { return string(b) == s }
