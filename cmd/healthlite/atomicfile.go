package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// writeFileAtomic replaces path with data so that a reader sees either the
// old file, no file, or the whole new one — never a half-written file: the
// data goes to a temporary file in the same directory, which is then renamed
// over path (rename is atomic within a file system). It does not fsync: the
// files it writes (port file, health file) describe a running process and
// mean nothing after a crash.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	return replaceFile(path, data, perm, false)
}

// writeFileDurable is writeFileAtomic for a file that must survive a crash
// or a power cut: the data and the rename are synced to disk before it
// returns.
func writeFileDurable(path string, data []byte, perm fs.FileMode) error {
	return replaceFile(path, data, perm, true)
}

// replaceFile writes data to a temporary file next to path and renames it
// over path; with durable, the data is synced before the rename and the
// directory after it.
func replaceFile(path string, data []byte, perm fs.FileMode, durable bool) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil && durable {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if durable {
		if d, err := os.Open(dir); err == nil {
			d.Sync() // the rename itself; not every file system supports it
			d.Close()
		}
	}
	return nil
}

// removeFile removes path; a file that is already gone is not an error.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
