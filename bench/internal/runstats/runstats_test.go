package runstats

import (
	"net"
	"strings"
	"testing"
	"time"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestServeAndRead(t *testing.T) {
	addr := freeAddr(t)
	if err := Serve(addr); err != nil {
		t.Fatal(err)
	}
	a, err := Read(addr)
	if err != nil {
		t.Fatal(err)
	}
	sink := make([][]byte, 0, 1000)
	for i := 0; i < 1000; i++ {
		sink = append(sink, make([]byte, 64+i))
	}
	b, err := Read(addr)
	if err != nil {
		t.Fatal(err)
	}
	if b.Allocs < a.Allocs+1000 || b.Bytes < a.Bytes+64*1000 || a.Goroutines < 2 {
		t.Fatalf("before %+v, after %+v (%d buffers): counters did not follow the allocations", a, b, len(sink))
	}
}

func TestProfile(t *testing.T) {
	addr := freeAddr(t)
	if err := Serve(addr); err != nil {
		t.Fatal(err)
	}
	b, err := Profile(addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// pprof profiles are gzip-compressed protocol buffers.
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("not a gzip'd profile: % x", b[:min(len(b), 8)])
	}
}

func TestServeRefuses(t *testing.T) {
	if err := Serve(""); err != nil {
		t.Fatalf("empty address: %v", err)
	}
	for addr, want := range map[string]string{
		"0.0.0.0:0":  "not a loopback address",
		"example:80": "not a loopback address",
		"127.0.0.1":  "missing port",
	} {
		if err := Serve(addr); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Serve(%q) = %v, want an error containing %q", addr, err, want)
		}
	}
	if _, err := Read(freeAddr(t)); err == nil {
		t.Error("Read of a closed port succeeded")
	}
}
