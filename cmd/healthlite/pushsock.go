package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
)

// listenUnixPrivate listens on a unix socket at path with the given mode,
// with no moment at which another user could connect to it with a wider
// mode. A socket's file is created by bind(2) with the process umask's mode
// (0777 under umask 0), so binding at path and chmod'ing afterwards leaves a
// window. Instead the socket is bound in a fresh 0700 directory beside path
// (same file system), chmod'ed there — nobody else can reach or replace it
// inside that directory, so the chmod follows no symlink — and renamed into
// place; a stale socket at path is replaced by the rename. The umask is
// never touched: it is process-wide.
//
// Closing the listener removes the socket file, if it is still the one this
// listener created.
func listenUnixPrivate(path string, mode fs.FileMode) (net.Listener, error) {
	dir, err := os.MkdirTemp(filepath.Dir(path), ".hl")
	if err != nil {
		return nil, err
	}
	defer os.Remove(dir)
	tmp := filepath.Join(dir, "s")
	if len(tmp) > maxSocketPath {
		return nil, fmt.Errorf("%s: the socket is bound at %s first, over the %d bytes a unix socket path may have; use a shorter path", path, tmp, maxSocketPath)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmp, Net: "unix"})
	if err != nil {
		return nil, err
	}
	ln.SetUnlinkOnClose(false)
	fail := func(err error) (net.Listener, error) {
		ln.Close()
		os.Remove(tmp)
		return nil, err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return fail(err)
	}
	fi, err := os.Lstat(tmp)
	if err != nil {
		return fail(err)
	}
	if fi.Mode().Type() != fs.ModeSocket || fi.Mode().Perm() != mode {
		return fail(fmt.Errorf("%s: mode %v after chmod, want socket %v", tmp, fi.Mode(), mode))
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	return &unixListener{UnixListener: ln, path: path, file: fi}, nil
}

// maxSocketPath is the longest unix socket path (sun_path holds 108 bytes
// on Linux, NUL included; 104 on the BSDs).
const maxSocketPath = 103

// unixListener is a listener whose socket file was renamed to path after
// the bind: it reports path as its address and removes it on Close.
type unixListener struct {
	*net.UnixListener
	path string
	file fs.FileInfo // the socket file as created, to recognise it at Close
}

// Addr reports the socket's final path, not the one it was bound at.
func (l *unixListener) Addr() net.Addr { return &net.UnixAddr{Name: l.path, Net: "unix"} }

// Close stops listening and removes the socket file, unless another process
// has replaced it meanwhile.
func (l *unixListener) Close() error {
	err := l.UnixListener.Close()
	if fi, lerr := os.Lstat(l.path); lerr == nil && os.SameFile(fi, l.file) {
		if rerr := os.Remove(l.path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) && err == nil {
			err = rerr
		}
	}
	return err
}
