//go:build !tinygo

package goquote

import "strconv"

// Quote returns s quoted as a Go string literal: strconv.Quote.
func Quote(s string) string { return strconv.Quote(s) }
