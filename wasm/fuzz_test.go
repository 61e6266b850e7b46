package wasm

import (
	"context"
	"encoding/binary"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// FuzzHostCalls hands every host function arbitrary pointers and lengths
// (through testdata/hostcalls.wat) and checks that an in-bounds call passes
// and an out-of-bounds one fails the run with a clear message — never a
// panic in the host.
func FuzzHostCalls(f *testing.F) {
	c := load(f, "hostcalls", Options{Logger: slog.New(slog.DiscardHandler)})
	const memSize = 65536
	f.Add(uint32(0), uint32(0), uint32(20), uint32(0), uint32(0))
	f.Add(uint32(0), uint32(0xffffff00), uint32(1000), uint32(0), uint32(0))
	f.Add(uint32(1), uint32(4), uint32(3), uint32(0), uint32(0))
	f.Add(uint32(2), uint32(100), uint32(5), uint32(65530), uint32(10))
	f.Add(uint32(2), uint32(100), uint32(5), uint32(65530), uint32(6))
	f.Add(uint32(3), uint32(0), uint32(0x80000000), uint32(0), uint32(0))
	f.Add(uint32(4), uint32(0), uint32(10), uint32(0), uint32(65536))
	f.Add(uint32(5), uint32(65535), uint32(2), uint32(0), uint32(0))
	f.Fuzz(func(t *testing.T, op, a, b, cc, d uint32) {
		inst, err := c.acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var args [20]byte
		for i, v := range []uint32{op, a, b, cc, d} {
			binary.LittleEndian.PutUint32(args[4*i:], v)
		}
		if !inst.mod.Memory().Write(0, args[:]) {
			t.Fatal("write args")
		}
		c.release(inst)
		var r core.Result
		c.Check(context.Background(), &r)

		in := func(p, n uint32) bool { return int32(n) >= 0 && uint64(p)+uint64(n) <= memSize }
		ok := true
		switch op {
		case 0, 3, 5:
			ok = in(a, b)
		case 1:
			ok = in(a, b)
			if ok {
				mem, _ := inst.mod.Memory().Read(a, b)
				ok = validMetricName(mem)
			}
		case 2, 4:
			ok = in(a, b) && in(cc, d)
		}
		if ok && r.Status != core.StatusPass {
			t.Fatalf("op %d (%d, %d, %d, %d): in bounds, got %v %q", op, a, b, cc, d, r.Status, r.Message)
		}
		if !ok {
			if r.Status != core.StatusFail || !strings.HasPrefix(r.Message, "healthlite.") {
				t.Fatalf("op %d (%d, %d, %d, %d): got %v %q, want a failed run naming the host function", op, a, b, cc, d, r.Status, r.Message)
			}
		}
	})
}

// FuzzLoad hands Load arbitrary bytes: it refuses them with one line naming
// the module, or the module runs once within its deadline and reports a
// status — never a panic in the host.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"status", "loop", "oob", "command", "hostcalls", "unknown_import", "badsig", "nomemory"} {
		f.Add(wat(f, name))
	}
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Add([]byte("\x00asm\x0d\x00\x01\x00"))
	f.Add([]byte("#!/bin/sh\necho ok\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		c, err := Load(ctx, b, Options{Name: "fuzz", Timeout: 50 * time.Millisecond, MaxModuleSize: 1 << 20,
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, `healthlite: wasm["fuzz"]: `) {
				t.Fatalf("error %q is not one line naming the module", msg)
			}
			return
		}
		defer c.Close(ctx)
		var r core.Result
		c.Check(ctx, &r)
		if r.Status > core.StatusFail || len(r.Message) > MaxMessage {
			t.Fatalf("result %v with a %d-byte message", r.Status, len(r.Message))
		}
	})
}
