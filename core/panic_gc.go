//go:build !tinygo

package core

// stringerText returns the String of a panic value that has one.
func stringerText(p any) (string, bool) {
	if v, ok := p.(interface{ String() string }); ok {
		return v.String(), true
	}
	return "", false
}
