package exectest

import (
	"os"
	"path/filepath"
	"testing"
)

// File collects a process's output in a file that the process writes
// itself: given as an exec.Cmd's Stdout or Stderr (File.OS), the descriptor
// is handed to the process and no goroutine copies its output, so whatever
// the process wrote before it did something else the test can see (wrote a
// port file, answered a request) is already there when the test reads it.
// A Buffer lags behind its process by one copy; a File never does.
type File struct {
	f *os.File
}

// NewFile makes an empty File in tb's temporary directory, closed when tb
// ends.
func NewFile(tb testing.TB, name string) *File {
	tb.Helper()
	f, err := os.Create(filepath.Join(tb.TempDir(), name))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return &File{f: f}
}

// OS is the file to give the process as its output.
func (f *File) OS() *os.File { return f.f }

// String returns everything the process has written so far.
func (f *File) String() string {
	b, err := os.ReadFile(f.f.Name())
	if err != nil {
		return "(cannot read the output: " + err.Error() + ")"
	}
	return string(b)
}
