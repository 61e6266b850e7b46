package main

import (
	"errors"

	"github.com/healthlite/healthlite/core"
)

// libError returns err as the binary says it: without the library's
// "healthlite: ", which the binary's own messages already start with.
func libError(err error) error {
	var e *core.Error
	if errors.As(err, &e) {
		return errors.New(e.Msg)
	}
	var ce *core.CheckError
	if errors.As(err, &ce) {
		return errors.New(ce.Text())
	}
	return err
}
