package wasmbin

import (
	"bytes"
	"strings"
	"testing"
)

// TestCapTables: every table gets a maximum of at most its minimum plus
// maxTableGrowth, and a module whose maxima are already small is returned
// as it was.
func TestCapTables(t *testing.T) {
	for _, tc := range []struct {
		name       string
		table, out string // the table section's content before and after
	}{
		{"no maximum", "\x01\x70\x00\x05", "\x01\x70\x01\x05\x85\x20"},
		{"huge maximum", "\x01\x70\x01\x00\xff\xff\xff\xff\x0f", "\x01\x70\x01\x00\x80\x20"},
		{"two tables", "\x02\x70\x00\x01\x6f\x01\x02\x03", "\x02\x70\x01\x01\x81\x20\x6f\x01\x02\x03"},
		{"small maximum kept", "\x01\x70\x01\x05\x05", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := "\x00asm\x01\x00\x00\x00\x04" + string(rune(len(tc.table))) + tc.table + "\x00\x02\x01x"
			got, err := CapTables([]byte(before))
			if err != nil {
				t.Fatal(err)
			}
			want := before
			if tc.out != "" {
				want = "\x00asm\x01\x00\x00\x00\x04" + string(rune(len(tc.out))) + tc.out + "\x00\x02\x01x"
			}
			if !bytes.Equal(got, []byte(want)) {
				t.Errorf("got  % x\nwant % x", got, want)
			}
		})
	}
	// A padded section size (wasm-ld writes five-byte sizes) is re-encoded.
	padded := []byte("\x00asm\x01\x00\x00\x00\x04\x84\x80\x80\x80\x00\x01\x70\x00\x05")
	got, err := CapTables(padded)
	if err != nil || !bytes.Equal(got, []byte("\x00asm\x01\x00\x00\x00\x04\x06\x01\x70\x01\x05\x85\x20")) {
		t.Errorf("padded: % x, %v", got, err)
	}
	if err := CheckDeclaredSizes(got); err != nil || !strings.HasPrefix(string(got), "\x00asm") {
		t.Errorf("the rewritten module does not read back: %v", err)
	}
}
