//go:build tinygo

package core

// stringerText reports no text under TinyGo: asking a panic value for its
// String method keeps every String method of the program in the binary
// (time.Time's brings time zone loading and reflection, some 12 KB of a
// microcontroller's flash, once -panic=trap has dropped the runtime's own
// panic printer). A check that panics with a value that is only a Stringer
// reports "(a value that is not a string or an error)".
func stringerText(any) (string, bool) { return "", false }
