package transport

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A pair written one file after the other is not reported while half
// done; refused contents are reported once, after two polls; a read error
// (a file missing mid-swap) is treated the same way.
func TestReloaderReportsOnce(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(a, "1")
	write(b, "1")
	var applied []string
	r := reloader{paths: []string{a, b}, apply: func(c [][]byte) error {
		if string(c[0]) != string(c[1]) {
			return errors.New("mismatch")
		}
		applied = append(applied, string(c[0]))
		return nil
	}}
	if err := r.start(); err != nil || len(applied) != 1 {
		t.Fatal(err, applied)
	}
	poll := func(wantErr bool) {
		t.Helper()
		if err := r.poll(); (err != nil) != wantErr {
			t.Fatalf("poll: %v, want an error: %v", err, wantErr)
		}
	}
	poll(false) // unchanged
	write(a, "2")
	poll(false) // half written: not yet reported
	write(b, "2")
	poll(false)
	if len(applied) != 2 || applied[1] != "2" {
		t.Fatalf("applied %v", applied)
	}
	write(a, "3") // stays bad
	poll(false)
	poll(true) // the second time: reported
	poll(false)
	poll(false) // once
	os.Remove(b)
	poll(false)
	poll(true) // missing for two polls: reported
	poll(false)
	write(b, "3")
	poll(false)
	if len(applied) != 3 || applied[2] != "3" {
		t.Fatalf("applied %v", applied)
	}
}
