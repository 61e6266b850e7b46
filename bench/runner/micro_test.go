package main

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseBench(t *testing.T) {
	out := `goos: linux
goarch: amd64
pkg: github.com/healthlite/healthlite/bench/metricsbench
BenchmarkScrape/healthlite         	   20000	     51234 ns/op	       0 B/op	       0 allocs/op
BenchmarkScrape/client_golang-2    	    2000	    612345.5 ns/op	  123456 B/op	    2345 allocs/op
BenchmarkNoMem-16   	 1000000	      1043 ns/op
BenchmarkBroken	FAIL
PASS
ok  	github.com/healthlite/healthlite/bench/metricsbench	3.2s
`
	got := parseBench(out)
	want := []benchLine{
		{Name: "BenchmarkScrape/healthlite", NsPerOp: 51234, BytesPerOp: 0, AllocsPerOp: 0},
		{Name: "BenchmarkScrape/client_golang", NsPerOp: 612345.5, BytesPerOp: 123456, AllocsPerOp: 2345},
	}
	if len(got) != 3 || !reflect.DeepEqual(got[:2], want) {
		t.Fatalf("got %+v", got)
	}
	if got[2].Name != "BenchmarkNoMem" || got[2].NsPerOp != 1043 || !math.IsNaN(got[2].AllocsPerOp) {
		t.Fatalf("no -benchmem line: %+v", got[2])
	}
}

func TestTrimProcs(t *testing.T) {
	for in, want := range map[string]string{"BenchmarkX-2": "BenchmarkX", "BenchmarkX": "BenchmarkX", "BenchmarkX/a-b": "BenchmarkX/a-b", "BenchmarkX/a-b-8": "BenchmarkX/a-b"} {
		if got := trimProcs(in); got != want {
			t.Errorf("trimProcs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBenchPackages(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"a/x_test.go":          "package a\n\nfunc BenchmarkA(b *testing.B) {}\n",
		"a/sub/y_test.go":      "package sub\n\nfunc TestOnly(t *testing.T) {}\n",
		"a/testdata/z_test.go": "package z\n\nfunc BenchmarkZ(b *testing.B) {}\n",
		"b/w_test.go":          "package b\n\nfunc BenchmarkB(b *testing.B) {}\n",
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := benchPackages(root, "a", "missing", "b")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
