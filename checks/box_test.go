package checks

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core"
)

func TestParseLimit(t *testing.T) {
	good := map[string]Limit{
		"10%": {Percent: 10}, "0.5%": {Percent: 0.5}, "512MiB": {Bytes: 512 << 20}, "2G": {Bytes: 2e9},
		"1.5GB": {Bytes: 1.5e9}, "4096": {Bytes: 4096}, "100B": {Bytes: 100}, "1KiB": {Bytes: 1024},
	}
	for in, want := range good {
		if got, err := ParseLimit(in); err != nil || got != want {
			t.Errorf("ParseLimit(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "%", "101%", "-1%", "0%", "0", "-5G", "1X", "NaN", "1e300", "ten", ".1", "0.5B"} {
		if _, err := ParseLimit(in); err == nil {
			t.Errorf("ParseLimit(%q) accepted", in)
		}
	}
}

func FuzzParseLimit(f *testing.F) {
	for _, s := range []string{"10%", "512MiB", "2G", "1e3", "0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLimit(s)
		if err != nil {
			return
		}
		if (l.Bytes != 0) == (l.Percent != 0) {
			t.Errorf("ParseLimit(%q) = %+v: want a percentage or bytes", s, l)
		}
		if l.Percent < 0 || l.Percent > 100 {
			t.Errorf("ParseLimit(%q) = %+v: percent out of range", s, l)
		}
		if again, err := ParseLimit(l.String()); l.Percent != 0 && (err != nil || again != l) {
			t.Errorf("ParseLimit(%q).String() = %q reads back as %+v, %v", s, l.String(), again, err)
		}
	})
}

// fakeProc writes files under a directory standing in for /proc.
func fakeProc(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestMemoryOfThisMachine(t *testing.T) {
	if _, err := os.Stat("/proc/meminfo"); err != nil {
		t.Skip("no /proc/meminfo on this system")
	}
	values := map[string]float64{}
	r := boxRun(Memory(MemoryOptions{Warn: Limit{Bytes: 1}, Fail: Limit{Bytes: 1}, Values: func(l string, v float64) { values[l] = v }}))
	if r.Status != core.StatusPass || !strings.Contains(r.Message, " available of ") || values["total_bytes"] <= 0 || values["available_bytes"] <= 0 {
		t.Errorf("memory: %v %q %v", r.Status, r.Message, values)
	}
	if _, err := os.Stat("/proc/pressure/memory"); err == nil && !strings.Contains(r.Message, "% (some, 10s)") {
		t.Errorf("the kernel has memory pressure, the message does not say it: %q", r.Message)
	}
	// Every machine has less than all of its memory available.
	if r := boxRun(Memory(MemoryOptions{Fail: Limit{Percent: 100}})); r.Status != core.StatusFail || !strings.Contains(r.Message, "; available under the fail limit 100%") {
		t.Errorf("memory under 100%%: %v %q", r.Status, r.Message)
	}
}

func TestMemoryPressure(t *testing.T) {
	proc := fakeProc(t, map[string]string{
		"meminfo":         "MemTotal:       16000000 kB\nMemFree:          100000 kB\nMemAvailable:    8000000 kB\n",
		"pressure/memory": "some avg10=42.50 avg60=10.00 avg300=1.00 total=123\nfull avg10=12.00 avg60=1.00 avg300=0.10 total=45\n",
	})
	c := Memory(MemoryOptions{PressureWarn: 20, PressureFail: 50}).(*memoryCheck)
	c.proc = proc
	r := boxRun(c)
	if r.Status != core.StatusWarn || r.Message != "7.6GiB available of 15.3GiB (50.0%), pressure 42.50% (some, 10s); pressure over the warn limit 20" || r.Value != 50 {
		t.Errorf("pressure 42.5%%: %v %q %v", r.Status, r.Message, r.Value)
	}
	os.Remove(filepath.Join(proc, "pressure/memory"))
	if r := boxRun(c); r.Status != core.StatusPass || strings.Contains(r.Message, "pressure") {
		t.Errorf("without PSI: %v %q", r.Status, r.Message)
	}
	os.WriteFile(filepath.Join(proc, "meminfo"), []byte("MemTotal: 1000 kB\nMemFree: 10 kB\nBuffers: 10 kB\nCached: 10 kB\n"), 0o644)
	if r := boxRun(c); r.Status != core.StatusFail || !strings.HasPrefix(r.Message, "30.0KiB available of 1000.0KiB (3.0%)") {
		t.Errorf("an old kernel without MemAvailable: %v %q", r.Status, r.Message)
	}
}

func TestLoad(t *testing.T) {
	if _, err := os.Stat("/proc/loadavg"); err == nil {
		if r := boxRun(Load(LoadOptions{Warn: 1e9, Fail: 1e9})); r.Status != core.StatusPass || !strings.HasPrefix(r.Message, "load ") {
			t.Errorf("this machine's load: %v %q", r.Status, r.Message)
		}
	}
	proc := fakeProc(t, map[string]string{
		"loadavg":      "6.20 3.00 1.50 3/200 4242\n",
		"pressure/cpu": "some avg10=5.00 avg60=1.00 avg300=0.50 total=9\n",
	})
	values := map[string]float64{}
	c := Load(LoadOptions{Values: func(l string, v float64) { values[l] = v }}).(*loadCheck)
	c.proc, c.cpus = proc, 2
	r := boxRun(c)
	if r.Status != core.StatusWarn || r.Message != "load 6.20 3.00 1.50 on 2 CPUs (3.10 per CPU), pressure 5.00% (some, 10s); load per CPU over the warn limit 2" {
		t.Errorf("load 6.2 on 2 CPUs: %v %q", r.Status, r.Message)
	}
	if values["load1_per_cpu"] != 3.1 || values["load15"] != 1.5 || values["pressure_some_percent"] != 5 {
		t.Errorf("values: %v", values)
	}
	c.opts.PressureFail = 5
	if r := boxRun(c); r.Status != core.StatusFail || !strings.HasSuffix(r.Message, "; pressure over the fail limit 5") {
		t.Errorf("cpu pressure at the fail limit: %v %q", r.Status, r.Message)
	}
	os.WriteFile(filepath.Join(proc, "loadavg"), []byte("garbage\n"), 0o644)
	if r := boxRun(c); r.Status != core.StatusUnknown {
		t.Errorf("unreadable loadavg: %v %q", r.Status, r.Message)
	}
}

func TestProcess(t *testing.T) {
	dir := t.TempDir()
	pidfile := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	live := pidfile("live.pid", strconv.Itoa(os.Getpid())+"\n")
	if r := boxRun(Process(live)); r.Status != core.StatusPass || r.Message != "pid "+strconv.Itoa(os.Getpid())+" from "+live+" is running" {
		t.Errorf("live pid: %v %q", r.Status, r.Message)
	}
	// A process that ran and was reaped: its pid names nothing now.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	dead := pidfile("dead.pid", strconv.Itoa(done.Process.Pid))
	if r := boxRun(Process(dead)); r.Status != core.StatusFail || !strings.HasSuffix(r.Message, " is not running") {
		t.Errorf("dead pid: %v %q", r.Status, r.Message)
	}
	// A child that exited and is not yet reaped is a zombie: not running.
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	zpid := pidfile("zombie.pid", strconv.Itoa(zombie.Process.Pid))
	if _, err := os.Stat("/proc/self/stat"); err == nil {
		deadline := 0
		for ; deadline < 1000 && procState("/proc", zombie.Process.Pid) != "Z"; deadline++ {
			exec.Command("true").Run() // let the child run to its end
		}
		if r := boxRun(Process(zpid)); r.Status != core.StatusFail || !strings.HasSuffix(r.Message, " is a zombie (exited, not yet reaped)") {
			t.Errorf("zombie: %v %q", r.Status, r.Message)
		}
	}
	zombie.Wait() // reaped here, before the exec tests count this process's zombie children
	for name, body := range map[string]string{"empty.pid": "", "text.pid": "nginx", "zero.pid": "0", "neg.pid": "-1"} {
		if r := boxRun(Process(pidfile(name, body))); r.Status != core.StatusFail || !strings.HasSuffix(r.Message, ", not a pid") {
			t.Errorf("%s: %v %q", name, r.Status, r.Message)
		}
	}
	if r := boxRun(Process(filepath.Join(dir, "none.pid"))); r.Status != core.StatusFail || !strings.HasSuffix(r.Message, " does not exist") {
		t.Errorf("missing pid file: %v %q", r.Status, r.Message)
	}
}
