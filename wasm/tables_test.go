package wasm

import (
	"context"
	"runtime"
	"testing"

	"github.com/healthlite/healthlite/core"
)

// TestTableGrowthCapped: a guest cannot grow a table in host memory past its
// minimum plus 4,096; without the cap one table.grow took 16 GiB.
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
