//go:build !linux

package checks

import "errors"

// errNotSupported matches nothing beyond Linux, which has no /proc/pressure.
var errNotSupported = errors.New("not supported")
