package checks

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bot.beat")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		path   string
		ttl    time.Duration
		age    time.Duration
		status core.Status
		msg    string
	}{
		{"fresh within ttl", path, 30 * time.Second, 4 * time.Second, core.StatusPass, path + " modified 4s ago"},
		{"exactly at ttl", path, 30 * time.Second, 30 * time.Second, core.StatusPass, path + " modified 30s ago"},
		{"stale beyond ttl", path, 30 * time.Second, 45 * time.Second, core.StatusFail, path + " modified 45s ago, over the 30s ttl"},
		{"no ttl, old file", path, 0, 72 * time.Hour, core.StatusPass, path + " modified 72h0m0s ago"},
		{"modified in the future", path, 30 * time.Second, -time.Minute, core.StatusPass, path + " modified 0s ago"},
		{"directory counts", dir, 0, 0, core.StatusPass, ""},
		{"missing", filepath.Join(dir, "nope"), 30 * time.Second, 0, core.StatusFail, filepath.Join(dir, "nope") + " does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := File(tt.path, tt.ttl).(*fileCheck)
			c.now = func() time.Time { return mtime.Add(tt.age) }
			r := run(t, c)
			if r.Status != tt.status || (tt.msg != "" && r.Message != tt.msg) {
				t.Errorf("got %v %q, want %v %q", r.Status, r.Message, tt.status, tt.msg)
			}
			if tt.status == core.StatusPass && tt.path == path && (!r.HasValue || r.Value != max(tt.age, 0).Seconds()) {
				t.Errorf("value = %v (has %v), want age %v", r.Value, r.HasValue, tt.age.Seconds())
			}
		})
	}
}

func TestFileRealClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "beat")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if r := run(t, File(path, time.Minute)); r.Status != core.StatusFail {
		t.Errorf("hour-old file with a 1m ttl: got %v %q, want fail", r.Status, r.Message)
	}
	now := time.Now()
	if err := os.Chtimes(path, now, now); err != nil {
		t.Fatal(err)
	}
	if r := run(t, File(path, time.Hour)); r.Status != core.StatusPass {
		t.Errorf("touched file with a 1h ttl: got %v %q, want pass", r.Status, r.Message)
	}
}

func TestFileUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can stat anything")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	r := run(t, File(filepath.Join(dir, "x"), 0))
	if r.Status != core.StatusFail || r.Message == filepath.Join(dir, "x")+" does not exist" {
		t.Errorf("got %v %q, want fail with the permission error", r.Status, r.Message)
	}
}
