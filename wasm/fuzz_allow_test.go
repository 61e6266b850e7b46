package wasm

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// FuzzParseAllow: an --allow entry is refused with one line, or it allows
// exactly its own host:port (and, as an IP entry, nothing on another port).
func FuzzParseAllow(f *testing.F) {
	for _, s := range []string{"127.0.0.1:8080", "[::1]:80", "LocalHost.:443", "[::ffff:127.0.0.1]:1", "[fe80::1%lo]:9",
		"host:0", "host:65536", ":80", "127.0.0.1", "a:b:c", "[::1]:-1", "xn--bcher-kva.example:8080"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		entries, err := parseAllow([]string{s})
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, "allow ") {
				t.Fatalf("%q: error %q is not one line naming the entry", s, msg)
			}
			return
		}
		host, port, err := net.SplitHostPort(s)
		if err != nil {
			t.Fatalf("%q accepted but does not split: %v", s, err)
		}
		p, _ := strconv.ParseUint(port, 10, 16)
		n := newNetwork(entries, DefaultMaxConnections)
		defer n.close()
		if _, ok := n.lookupAllowedFast(host, uint16(p)); !ok {
			t.Fatalf("%q is accepted but does not allow itself", s)
		}
		if _, ok := n.lookupAllowedFast(host, uint16(p)+1); ok {
			t.Fatalf("%q allows port %d too", s, p+1)
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
