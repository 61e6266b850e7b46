package wasm

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core"
)

// TestTableGrowthCapped: a guest cannot grow a table in host memory past its
// minimum plus maxTableGrowth; without the cap one table.grow took 16 GiB.
func TestTableGrowthCapped(t *testing.T) {
	c := load(t, "tablegrow", Options{})
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for i := 0; i < 3; i++ {
		if r := run(c); r.Status != core.StatusPass {
			t.Fatalf("run %d: %v %q; want pass: table.grow of 2^31-1 refused, of 4096 granted, of one more refused", i, r.Status, r.Message)
		}
	}
	runtime.ReadMemStats(&m1)
	if grew := m1.TotalAlloc - m0.TotalAlloc; grew > 16<<20 {
		t.Errorf("three runs allocated %d MiB", grew>>20)
	}
}

func TestTablesOverTheLimitRefused(t *testing.T) {
	// Two tables of 600,000 elements each: 9.6 MB of references at every
	// instantiation.
	m := []byte("\x00asm\x01\x00\x00\x00\x04\x0b\x02\x70\x00\xc0\xcf\x24\x70\x00\xc0\xcf\x24")
	_, err := Load(context.Background(), m, Options{Name: "tables"})
	want := `healthlite: wasm["tables"]: tables declare more than 1048576 elements in all (table 1 has 600000); healthlite accepts at most 1048576`
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant %s", err, want)
	}
}

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
			got, err := capTables([]byte(before))
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
	got, err := capTables(padded)
	if err != nil || !bytes.Equal(got, []byte("\x00asm\x01\x00\x00\x00\x04\x06\x01\x70\x01\x05\x85\x20")) {
		t.Errorf("padded: % x, %v", got, err)
	}
	if err := checkDeclaredSizes(got); err != nil || !strings.HasPrefix(string(got), "\x00asm") {
		t.Errorf("the rewritten module does not read back: %v", err)
	}
}
