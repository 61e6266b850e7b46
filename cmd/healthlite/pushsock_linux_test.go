package main

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"
)

// Under umask 0 the push socket never exists at its path with a mode wider
// than 0660: the directory it appears in sees no socket created in it, only
// a private directory created and the finished socket renamed in.
func TestPushSocketNoPermissiveWindow(t *testing.T) {
	binary(t) // build before the umask changes
	dir := t.TempDir()
	sock := filepath.Join(dir, "push.sock")
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		t.Skipf("no inotify: %v", err)
	}
	defer syscall.Close(fd)
	if _, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_CREATE|syscall.IN_MOVED_TO|syscall.IN_ATTRIB); err != nil {
		t.Fatal(err)
	}
	old := syscall.Umask(0) // inherited by the child; restored at once
	p, _ := serveOn(t, nil, "--push", "unix:"+sock, "--flag", "ready=true")
	syscall.Umask(old)

	fi, err := os.Lstat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Type() != os.ModeSocket || fi.Mode().Perm() != 0o660 {
		t.Errorf("socket mode %v, want socket 0660", fi.Mode())
	}
	var movedIn bool
	for _, ev := range inotifyEvents(t, fd) {
		switch {
		case ev.name == "push.sock" && ev.mask&syscall.IN_MOVED_TO != 0:
			movedIn = true
		case ev.name == "push.sock":
			t.Errorf("event %#x on push.sock: the socket was created or changed in place, not renamed in finished", ev.mask)
		case ev.mask&syscall.IN_CREATE != 0 && ev.mask&syscall.IN_ISDIR == 0:
			t.Errorf("%s created in the socket's directory: want only a private directory", ev.name)
		}
	}
	if !movedIn {
		t.Error("push.sock was not renamed into place")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want the socket alone (private directory removed)", len(ents))
	}
	p.stop()
	if _, err := os.Lstat(sock); !os.IsNotExist(err) {
		t.Errorf("socket left behind: %v", err)
	}
}

type inotifyEvent struct {
	mask uint32
	name string
}

// inotifyEvents reads the events queued on the non-blocking fd.
func inotifyEvents(t *testing.T, fd int) []inotifyEvent {
	t.Helper()
	var evs []inotifyEvent
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.Read(fd, buf)
		if err == syscall.EAGAIN {
			return evs
		}
		if err != nil {
			t.Fatal(err)
		}
		for off := 0; off+syscall.SizeofInotifyEvent <= n; {
			ev := (*syscall.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := buf[off+syscall.SizeofInotifyEvent : off+syscall.SizeofInotifyEvent+int(ev.Len)]
			evs = append(evs, inotifyEvent{mask: ev.Mask, name: string(bytes.TrimRight(name, "\x00"))})
			off += syscall.SizeofInotifyEvent + int(ev.Len)
		}
	}
}
