package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The listener reports its final path, replaces a stale socket, and on
// Close removes its own socket file but not one that replaced it.
func TestListenUnixPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.sock")
	stale, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	stale.SetUnlinkOnClose(false)
	stale.Close()

	ln, err := listenUnixPrivate(path, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if ln.Addr().String() != path {
		t.Errorf("Addr %q, want %q", ln.Addr(), path)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode().Perm() != 0o600 || fi.Mode().Type() != os.ModeSocket {
		t.Errorf("socket %v %v, want socket 0600", fi, err)
	}
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatalf("dial the renamed socket: %v", err)
	}
	c.Close()
	ln.Close()
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket left after Close: %v", err)
	}

	ln, err = listenUnixPrivate(path, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	if err := os.WriteFile(path, nil, 0o600); err != nil { // another process's file
		t.Fatal(err)
	}
	ln.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Errorf("Close removed a file it did not create: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d entries in the directory, want 1 (no private directory left)", len(ents))
	}

	long := filepath.Join(dir, strings.Repeat("d", 100), "s.sock")
	os.MkdirAll(filepath.Dir(long), 0o700)
	if _, err := listenUnixPrivate(long, 0o600); err == nil || !strings.Contains(err.Error(), "use a shorter path") {
		t.Errorf("a path too long: %v, want an error saying so", err)
	}
}
