package checks

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/healthlite/healthlite/core"
)

// smallFS mounts a tmpfs of 1 MiB and 64 inodes on a new directory, or
// skips the test with the reason when the process may not mount.
func smallFS(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m,nr_inodes=64"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (%v); run as root, or in a user and mount namespace", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

func boxRun(c core.Checker) core.Result {
	var r core.Result
	c.Check(context.Background(), &r)
	return r
}

func TestDiskFilledPastTheLimits(t *testing.T) {
	dir := smallFS(t)
	values := map[string]float64{}
	c := Disk(dir, DiskOptions{Warn: Limit{Percent: 50}, Fail: Limit{Bytes: 200 << 10}, Values: func(l string, v float64) { values[l] = v }})
	if r := boxRun(c); r.Status != core.StatusPass || !strings.HasPrefix(r.Message, dir+": 1.0MiB free of 1.0MiB (100.0%), inodes ") {
		t.Errorf("empty: %v %q", r.Status, r.Message)
	}
	if values["size_bytes"] != 1<<20 || values["free_percent"] != 100 || values["inodes_free"] < 60 {
		t.Errorf("values of an empty fs: %v", values)
	}
	fill := func(name string, n int) {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fill("a", 600<<10)
	if r := boxRun(c); r.Status != core.StatusWarn || !strings.Contains(r.Message, "; under the warn limit 50%") || r.Value > 50 {
		t.Errorf("600KiB used: %v %q (value %v)", r.Status, r.Message, r.Value)
	}
	fill("b", 300<<10)
	if r := boxRun(c); r.Status != core.StatusFail || !strings.Contains(r.Message, "; under the fail limit 200.0KiB") {
		t.Errorf("900KiB used: %v %q", r.Status, r.Message)
	}
	if values["free_bytes"] >= 200<<10 {
		t.Errorf("free_bytes %v after filling", values["free_bytes"])
	}
}

func TestDiskInodesRunOut(t *testing.T) {
	dir := smallFS(t)
	c := Disk(dir, DiskOptions{})
	for i := 0; i < 61; i++ {
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := boxRun(c); r.Status != core.StatusFail || !strings.Contains(r.Message, "; inodes under the fail limit 5%") {
		t.Errorf("inodes used up: %v %q", r.Status, r.Message)
	}
}

func TestDiskMissingPath(t *testing.T) {
	r := boxRun(Disk("/nonexistent/healthlite", DiskOptions{}))
	if r.Status != core.StatusUnknown || r.Message != "/nonexistent/healthlite: no such file or directory" {
		t.Errorf("missing path: %v %q", r.Status, r.Message)
	}
}
