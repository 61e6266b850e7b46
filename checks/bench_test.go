package checks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// The cost of one run of each check on loopback; they run on the
// scheduler's interval, never on the probe path.

func BenchmarkHTTP(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	benchCheck(b, HTTP(srv.URL, HTTPOptions{}))
}

func BenchmarkTCP(b *testing.B) {
	benchCheck(b, TCP(tcptest.Serve(b, tcptest.Close)))
}

func BenchmarkFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "beat")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	benchCheck(b, File(path, 30e9))
}

func BenchmarkExec(b *testing.B) {
	benchCheck(b, Exec([]string{"true"}))
}

func benchCheck(b *testing.B, c core.Checker) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		var r core.Result
		c.Check(ctx, &r)
		if r.Status != core.StatusPass {
			b.Fatalf("%v %q", r.Status, r.Message)
		}
	}
}
