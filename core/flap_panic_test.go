//go:build !tinygo

package core

import (
	"strings"
	"testing"
)

// TestFlapThresholdsChecked: thresholds no check could meet are a
// programmer's mistake, reported by New. (TinyGo cannot recover a panic.)
func TestFlapThresholdsChecked(t *testing.T) {
	defer func() {
		if p, _ := recover().(string); !strings.HasPrefix(p, "BUG:") {
			t.Errorf("FlapLow above FlapHigh: panic %q, want a BUG: message", p)
		}
	}()
	New(Options{FlapLow: 40, FlapHigh: 30})
}
