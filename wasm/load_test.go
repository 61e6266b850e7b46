package wasm

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bytes func(t *testing.T) []byte
		opts  Options
		want  []string
	}{
		{"garbage", func(*testing.T) []byte { return []byte("MZ\x90\x00garbage bytes") }, Options{},
			[]string{`healthlite: wasm["garbage"]: not WebAssembly: starts with "MZ\x90\x00"`, "want a binary .wasm"}},
		{"wat text", func(*testing.T) []byte { return []byte("(module)") }, Options{},
			[]string{"not WebAssembly", "looks like WAT text; compile it with wat2wasm"}},
		{"empty", func(*testing.T) []byte { return nil }, Options{}, []string{"not WebAssembly: the module is empty"}},
		{"version", func(*testing.T) []byte { return []byte("\x00asm\x0d\x00\x01\x00") }, Options{},
			[]string{"unsupported WebAssembly binary version 0d 00 01 00", "build a core module"}},
		{"truncated", func(t *testing.T) []byte { b := wat(t, "status"); return b[:len(b)/2] }, Options{},
			[]string{"not a valid WebAssembly module:"}},
		{"too large", func(t *testing.T) []byte { return wat(t, "status") }, Options{MaxModuleSize: 100},
			[]string{"bytes, over the limit of 100", "raise MaxModuleSize"}},
		{"no exports", func(t *testing.T) []byte { return wat(t, "noexports") }, Options{},
			[]string{"exports neither check", "nor _start"}},
		{"bad signature", func(t *testing.T) []byte { return wat(t, "badsig") }, Options{},
			[]string{"export check has signature (i32) -> i64; ABI v1 wants check() -> i32"}},
		{"unknown import", func(t *testing.T) []byte { return wat(t, "unknown_import") }, Options{},
			[]string{"imports unknown function healthlite.exec; ABI v1 provides set_message, set_metric, config, log, http_get, tcp_dial"}},
		{"unknown module", func(t *testing.T) []byte { return wat(t, "unknown_module") }, Options{},
			[]string{`imports unknown module "env" (function env.abort)`}},
		{"wrong import signature", func(t *testing.T) []byte { return wat(t, "wrong_import_sig") }, Options{},
			[]string{"imports healthlite.set_message with signature (i32); ABI v1 defines (i32, i32)"}},
		{"no memory", func(t *testing.T) []byte { return wat(t, "nomemory") }, Options{},
			[]string{`exports no memory named "memory"`}},
		{"memory over the cap", func(t *testing.T) []byte { return wat(t, "hugememory") }, Options{MemoryLimitPages: 64},
			[]string{"min 2048 pages", "over limit of 64 pages", "raise MemoryLimitPages"}},
		{"bad allow", func(t *testing.T) []byte { return wat(t, "status") }, Options{Allow: []string{"localhost"}},
			[]string{`allow "localhost": want host:port`}},
		{"bad allow port", func(t *testing.T) []byte { return wat(t, "status") }, Options{Allow: []string{"localhost:http"}},
			[]string{`port "http" is not a number from 1 to 65535`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.Name = tc.name
			c, err := Load(context.Background(), tc.bytes(t), opts)
			if err == nil {
				c.Close(context.Background())
				t.Fatal("Load succeeded, want a refusal")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, `healthlite: wasm["`+tc.name+`"]: `) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line prefixed with the check name", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not say %q", msg, w)
				}
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "status.wasm")
	if err := os.WriteFile(path, wat(t, "status"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadFile(context.Background(), path, Options{Config: map[string]string{"status": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if r := run(c); r.Status.String() != "warn" {
		t.Fatalf("got %v", r.Status)
	}
	if _, err := LoadFile(context.Background(), filepath.Join(dir, "missing.wasm"), Options{}); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := LoadFile(context.Background(), dir, Options{}); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	if _, err := LoadFile(context.Background(), path, Options{MaxModuleSize: 10}); err == nil || !strings.Contains(err.Error(), "over the limit of 10") {
		t.Errorf("too large: %v", err)
	}
}
