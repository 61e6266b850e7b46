// Package exectest supports black-box tests that run a program as a separate
// process, as net/http/httptest does for HTTP handlers: Build compiles a Go
// command into a temporary directory, File and Buffer collect the process's
// output while the test reads it (File without lag), and StartChild runs a helper process the
// test talks to through its standard input and output.
package exectest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// Build compiles the Go command in the directory pkgDir (relative to the
// current directory, as a test's package directory is) with
// "go build flags... -o DIR/NAME", DIR a new temporary directory and NAME the
// base name of pkgDir, so that a test can run the program as its users do.
// It returns the binary's path and a cleanup that removes DIR, for TestMain
// to call when the tests are done. The error carries go build's output; on
// error there is nothing to clean up.
func Build(pkgDir string, flags ...string) (path string, cleanup func(), err error) {
	abs, err := filepath.Abs(pkgDir)
	if err != nil {
		return "", nil, err
	}
	name := filepath.Base(abs)
	dir, err := os.MkdirTemp("", name+"-build-")
	if err != nil {
		return "", nil, err
	}
	path = filepath.Join(dir, name)
	args := append(append([]string{"build"}, flags...), "-o", path, abs)
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("go build %s: %v\n%s", pkgDir, err, out)
	}
	return path, func() { os.RemoveAll(dir) }, nil
}

// Buffer collects a process's output (as its exec.Cmd's Stdout or Stderr)
// while the test may read it: unlike a bytes.Buffer, it is safe to write
// from the goroutine that copies the output and read at the same time.
// The zero Buffer is empty and ready to use.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p; it never fails.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
