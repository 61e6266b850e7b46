package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// staleHealthFile is what a healthlite killed while healthy leaves behind.
const staleHealthFile = `{"status":"healthy","uptime_seconds":305,"environment":"development","last_heartbeat":null,"checks":{"bot":"pass"}}` + "\n"

// TestHealthFileRefusesForeignFile: a path that holds anything healthlite
// did not write is refused with one line and exit 2, and left as it was.
func TestHealthFileRefusesForeignFile(t *testing.T) {
	dir := t.TempDir()
	ours := filepath.Join(dir, "ours.json")
	if err := os.WriteFile(ours, []byte(staleHealthFile), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		make func(path string) error
		want string
	}{
		{"another program's file", func(p string) error { return os.WriteFile(p, []byte("ok\n"), 0o644) }, "did not write"},
		{"empty file", func(p string) error { return os.WriteFile(p, nil, 0o644) }, "did not write"},
		{"other JSON", func(p string) error { return os.WriteFile(p, []byte(`{"status":"healthy"}`+"\n"), 0o644) }, "did not write"},
		{"symlink to a health file", func(p string) error { return os.Symlink(ours, p) }, "symbolic link"},
		{"dangling symlink", func(p string) error { return os.Symlink(filepath.Join(dir, "nowhere"), p) }, "symbolic link"},
		{"directory", func(p string) error { return os.Mkdir(p, 0o755) }, "not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bot_healthy")
			if err := tc.make(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Lstat(path)
			content, _ := os.ReadFile(path)
			code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--health-file", path)
			if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "healthlite serve: --health-file "+path+" ") || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and one line saying %q", code, stderr, tc.want)
			}
			after, err := os.Lstat(path)
			if now, _ := os.ReadFile(path); err != nil || !os.SameFile(before, after) || string(now) != string(content) {
				t.Fatalf("%s was changed: %v", path, err)
			}
		})
	}
	if b, _ := os.ReadFile(ours); string(b) != staleHealthFile {
		t.Fatalf("the symlink's target was changed: %q", b)
	}
}

// TestHealthFileStaleFromKilledRun: the health file and the temporary files
// of a run killed mid-write are removed at start (a dead process must not
// leave a "healthy" file), and only files of that pattern.
func TestHealthFileStaleFromKilledRun(t *testing.T) {
	dir := t.TempDir()
	stale := []string{".bot_healthy.tmp12345", ".bot_healthy.tmp9"}
	kept := []string{".bot_healthy.tmpx", ".other.tmp1", "bot_healthy.tmp1"}
	for _, name := range append([]string{"bot_healthy"}, append(stale, kept...)...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(staleHealthFile), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := serveBot(t, dir)
	// Bound and serving, bot unknown: unhealthy, so no file.
	for _, name := range append([]string{"bot_healthy"}, stale...) {
		leftBehind(t, filepath.Join(dir, name))
	}
	for _, name := range kept {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s, not of the pattern, was removed: %v", name, err)
		}
	}
	if !strings.Contains(b.stderr.String(), "Removed 2 stale temporary files of "+b.healthFile) {
		t.Errorf("no line about the stale files:\n%s", b.stderr.String())
	}
}

// healthFileDoc reads the health file; ok is false while it is absent.
func healthFileDoc(t *testing.T, path string) (doc map[string]any, fi os.FileInfo, ok bool) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, nil, false
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, false
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("health file %q: %v", b, err)
	}
	return doc, fi, true
}

// waitHealthFile waits for the health file at path and returns what it
// holds and its FileInfo (to tell a rewrite: every write is a new file).
func waitHealthFile(t *testing.T, path string) (map[string]any, os.FileInfo) {
	t.Helper()
	var doc map[string]any
	var fi os.FileInfo
	eventually(t, 20*time.Second, "the health file appears", func() bool {
		var ok bool
		doc, fi, ok = healthFileDoc(t, path)
		return ok
	})
	return doc, fi
}

// botServe is serve as the health-file tests run it: one check, bot, whose
// status is pushed through the push API on a unix socket, and a health
// file, both in one directory.
type botServe struct {
	*proc
	base       string // http://127.0.0.1:PORT
	healthFile string // DIR/bot_healthy
	sock       string // DIR/push.sock
	push       *http.Client
}

// serveBot starts a botServe in dir.
func serveBot(t *testing.T, dir string) *botServe {
	t.Helper()
	b := &botServe{healthFile: filepath.Join(dir, "bot_healthy"), sock: filepath.Join(dir, "push.sock")}
	b.proc, b.base = serveOn(t, nil, "--health-file", b.healthFile, "--push", "unix:"+b.sock, "--status", "bot")
	b.push = unixClient(b.sock)
	return b
}

// setBot pushes status ("pass", "warn slow", …) as bot's.
func (b *botServe) setBot(t *testing.T, status string) {
	t.Helper()
	post(t, b.push, "http://push/status/bot", status)
}

// TestHealthFileWrittenOnStatusChangesOnly: while the status holds, the file
// is not rewritten although uptime_seconds moves on (every rename makes a
// new file, so the same file means no write); a status change rewrites it.
func TestHealthFileWrittenOnStatusChangesOnly(t *testing.T) {
	b := serveBot(t, t.TempDir())
	hf := b.healthFile
	b.setBot(t, "pass")
	doc, first := waitHealthFile(t, hf)
	written := doc["uptime_seconds"].(float64)
	eventually(t, 20*time.Second, "/health's uptime is 2 s past the file's", func() bool {
		_, d := health(t, b.base)
		up, _ := d.Raw["uptime_seconds"].(float64)
		return up >= written+2
	})
	now, fi, ok := healthFileDoc(t, hf)
	if !ok || !os.SameFile(first, fi) || now["uptime_seconds"].(float64) != written {
		t.Fatalf("health file rewritten without a status change: %v", now)
	}

	b.setBot(t, "warn slow")
	eventually(t, 20*time.Second, "the file says degraded", func() bool {
		d, _, ok := healthFileDoc(t, hf)
		return ok && d["status"] == "degraded"
	})
}

// TestHealthFileRefresh: with --health-file-refresh the file is also
// rewritten with no status change.
func TestHealthFileRefresh(t *testing.T) {
	dir := t.TempDir()
	hf := filepath.Join(dir, "bot_healthy")
	serveOn(t, nil, "--health-file", hf, "--health-file-refresh", "1s")
	doc, first := waitHealthFile(t, hf)
	eventually(t, 20*time.Second, "the health file is refreshed", func() bool {
		d, fi, ok := healthFileDoc(t, hf)
		return ok && !os.SameFile(first, fi) && d["uptime_seconds"].(float64) > doc["uptime_seconds"].(float64)
	})
}

// TestHealthFileLeavesReplacementAlone: a file put in the health file's place
// while serve runs is neither overwritten nor removed.
func TestHealthFileLeavesReplacementAlone(t *testing.T) {
	dir := t.TempDir()
	b := serveBot(t, dir)
	hf := b.healthFile
	b.setBot(t, "pass")
	waitHealthFile(t, hf)
	foreign := filepath.Join(dir, "foreign")
	if err := os.WriteFile(foreign, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(foreign, hf); err != nil {
		t.Fatal(err)
	}
	b.setBot(t, "fail down")
	eventually(t, 20*time.Second, "serve says it leaves the file alone", func() bool {
		return strings.Contains(b.stderr.String(), "Cannot remove health file "+hf)
	})
	b.setBot(t, "warn up again")
	b.stop()
	if b, err := os.ReadFile(hf); err != nil || string(b) != "mine\n" {
		t.Fatalf("the replacement was changed: %q %v", b, err)
	}
}

// TestServeErrorLineEscaped: serve's one error line shows control
// characters (here in a path) as text, never as terminal escapes.
func TestServeErrorLineEscaped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bot\x1b]0;pwned\x07")
	if err := os.WriteFile(path, []byte("ok\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--health-file", path)
	if code != 2 || strings.ContainsAny(stderr, "\x1b\x07") || !strings.Contains(stderr, `bot\x1b]0;pwned\x07 holds a file`) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}
