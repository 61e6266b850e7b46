package servercmd

import (
	"net"
	"testing"
)

func TestListen(t *testing.T) {
	ln, err := Listen(0, "", ListenTCP)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if a := ln.Addr().(*net.TCPAddr); !a.IP.IsLoopback() || a.Port == 0 {
		t.Fatalf("listening on %v, want a loopback port", a)
	}
	// A port in use, and a side port off loopback, are errors.
	if ln2, err := Listen(ln.Addr().(*net.TCPAddr).Port, "", ListenTCP); err == nil {
		ln2.Close()
		t.Error("Listen on a busy port succeeded")
	}
	if ln2, err := Listen(0, "0.0.0.0:1", ListenTCP); err == nil {
		ln2.Close()
		t.Error("Listen with a side port off loopback succeeded")
	}
}
