//go:build tinygo

package goquote

// Quote returns s quoted as a Go string literal: Small under TinyGo.
func Quote(s string) string { return Small(s) }
