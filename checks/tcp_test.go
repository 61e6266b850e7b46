package checks

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core"
)

func TestTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	r := run(t, TCP(addr))
	if r.Status != core.StatusPass || !strings.HasPrefix(r.Message, "connected to "+addr+" in ") || !r.HasValue || r.Value <= 0 {
		t.Errorf("listening: got %+v, want pass with latency", r)
	}
	ln.Close()
	r = run(t, TCP(addr))
	want := "dial tcp " + addr + ": connect: connection refused"
	if r.Status != core.StatusFail || r.Message != want || r.HasValue {
		t.Errorf("closed: got %+v, want fail %q", r, want)
	}
}

func TestTCPBadAddress(t *testing.T) {
	r := run(t, TCP("127.0.0.1"))
	if r.Status != core.StatusFail || !strings.Contains(r.Message, "missing port in address") {
		t.Errorf("got %+v, want fail saying the port is missing", r)
	}
}

func TestTCPHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var r core.Result
	TCP("127.0.0.1:1").Check(ctx, &r)
	if r.Status != core.StatusFail || r.Message != "dial 127.0.0.1:1: canceled" {
		t.Errorf("got %+v, want fail %q", r, "dial 127.0.0.1:1: canceled")
	}
}
