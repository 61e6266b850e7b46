//go:build unix

package transport

import "testing"

func TestFileLimit(t *testing.T) {
	if FileLimit() <= 0 {
		t.Fatal("the open file limit is unknown")
	}
}
