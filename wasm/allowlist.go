package wasm

// ValidateAllow reports the first entry of an allow list (Options.Allow)
// that LoadFile would refuse, such as one that is not host:port, so that a
// command line can refuse it as a usage mistake before loading anything.
func ValidateAllow(list []string) error {
	_, err := parseAllow(list)
	return err
}
