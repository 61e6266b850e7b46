package wasm

import "github.com/healthlite/healthlite/wasm/internal/allowlist"

// ValidateAllow reports the first entry of an allow list (Options.Allow)
// that LoadFile would refuse, such as one that is not host:port, so that a
// command line can refuse it as a usage mistake before loading anything.
func ValidateAllow(list []string) error {
	_, err := allowlist.Parse(list)
	return err
}
