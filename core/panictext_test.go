package core

import (
	"errors"
	"testing"
)

// TestPanicText describes each kind of panic value the same way on both
// toolchains (TestPanicIsReportedAsFailure, which needs recover, runs only
// on the Go toolchain).
func TestPanicText(t *testing.T) {
	for _, c := range []struct {
		p    any
		want string
	}{
		{"boom", "boom"},
		{errors.New("bad state"), "bad state"},
		{7, "7"},
		{PhaseDraining, "draining"},
		{struct{}{}, "(a value that is not a string or an error)"},
	} {
		if got := panicText(c.p); got != c.want {
			t.Errorf("panicText(%v) = %q, want %q", c.p, got, c.want)
		}
	}
}
