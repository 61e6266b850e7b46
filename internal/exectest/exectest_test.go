package exectest_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/healthlite/healthlite/internal/exectest"
)

func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	path, cleanup, err := exectest.Build("./testdata/greet", "-ldflags=-X main.greeting=hi")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "greet" {
		t.Errorf("binary %s, want it named after the package directory", path)
	}
	out, err := exec.Command(path).Output()
	if err != nil || string(out) != "hi\n" {
		t.Errorf("running the binary: %q, %v; want \"hi\\n\" (the flags passed to go build)", out, err)
	}
	cleanup()
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("after cleanup: %v, want the directory removed", err)
	}
}

func TestBuildError(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	path, cleanup, err := exectest.Build("./testdata/broken")
	if err == nil || !strings.Contains(err.Error(), "go build ./testdata/broken") || !strings.Contains(err.Error(), "main.go:5") {
		t.Fatalf("Build = %q, %v; want an error with the compiler's output", path, err)
	}
	if cleanup != nil {
		t.Error("a cleanup returned with the error")
	}
}

func TestBuffer(t *testing.T) {
	var b exectest.Buffer
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprintf(&b, "%d", i)
				_ = b.String() // read while others write: go test -race checks the lock
			}
		})
	}
	wg.Wait()
	s := b.String()
	for i := range 4 {
		if n := strings.Count(s, fmt.Sprint(i)); n != 100 {
			t.Errorf("%d writes of %d, want 100", n, i)
		}
	}
}
