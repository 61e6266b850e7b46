package checks

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

func TestGRPC(t *testing.T) {
	h := core.New(core.Options{})
	db, err := h.Reporter("db", core.GroupReady)
	if err != nil {
		t.Fatal(err)
	}
	db.Set(core.StatusPass, "")
	srv := &grpchealth.Server{Health: h}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	addr := ln.Addr().String()
	run := func(service string) core.Result {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		var r core.Result
		GRPC(addr, service).Check(ctx, &r)
		return r
	}
	if r := run("db"); r.Status != core.StatusPass || !strings.HasPrefix(r.Message, `service "db" is SERVING`) || !r.HasValue {
		t.Errorf("db passing: %+v", r)
	}
	db.Set(core.StatusFail, "")
	if r := run("db"); r.Status != core.StatusFail || !strings.HasPrefix(r.Message, `service "db" is NOT_SERVING`) {
		t.Errorf("db failing: %+v", r)
	}
	if r := run("nope"); r.Status != core.StatusFail || r.Message != "gRPC "+addr+": rpc error: code = NotFound desc = unknown service" {
		t.Errorf("unknown: %+v", r)
	}
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln2.Addr().String()
	ln2.Close()
	var r core.Result
	GRPC(dead, "").Check(context.Background(), &r)
	if r.Status != core.StatusFail || !strings.Contains(r.Message, "refused") {
		t.Errorf("refused: %+v", r)
	}
	// A server that never answers: the check's deadline ends it.
	silent, _ := net.Listen("tcp", "127.0.0.1:0")
	defer silent.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	r = core.Result{}
	GRPC(silent.Addr().String(), "").Check(ctx, &r)
	if r.Status != core.StatusFail || !strings.Contains(r.Message, "timeout after") {
		t.Errorf("silent: %+v", r)
	}
}
