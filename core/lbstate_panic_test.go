//go:build !tinygo

// TinyGo cannot recover from panics on WebAssembly, so this test runs only
// with the Go toolchain.

package core

import (
	"strings"
	"testing"
)

func TestLBOptionsChecked(t *testing.T) {
	for _, opts := range []Options{{DrainingCode: 405}, {DrainingCode: 99}, {AgentDegradedWeight: 101}, {AgentDegradedWeight: -1}} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "BUG: healthlite: Options.") {
					t.Errorf("%+v: recovered %v", opts, r)
				}
			}()
			New(opts)
		}()
	}
	h := New(Options{FailingCode: 500})
	if h.opts.DrainingCode != 500 || h.opts.AgentDegradedWeight != 50 {
		t.Errorf("defaults: draining %d, weight %d", h.opts.DrainingCode, h.opts.AgentDegradedWeight)
	}
}
