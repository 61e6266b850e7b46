package checks

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

var subreaperOnce sync.Once

// subreaper makes the test process a subreaper once: the package's tests
// start children only through Exec, as BecomeSubreaper requires.
func subreaper(t *testing.T) {
	t.Helper()
	needSetsid(t)
	var err error
	subreaperOnce.Do(func() { err = BecomeSubreaper() })
	if err != nil {
		t.Skipf("cannot become a subreaper: %v", err)
	}
}

// needSetsid skips the test without the setsid command (util-linux).
func needSetsid(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skipf("no setsid command: %v", err)
	}
}

// tagged returns the live processes whose environment holds a tag of this
// test process's runs, and its zombie children.
func tagged(t *testing.T) (live []int, zombies []int) {
	t.Helper()
	prefix := "HEALTHLITE_EXEC_RUN=" + strconv.Itoa(os.Getpid()) + "-"
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, ok := readStat(pid)
		if !ok {
			continue
		}
		if !st.alive() && st.ppid == os.Getpid() {
			zombies = append(zombies, pid)
			continue
		}
		env, _ := os.ReadFile("/proc/" + e.Name() + "/environ")
		if st.alive() && strings.Contains(string(env), "\x00"+prefix) || strings.HasPrefix(string(env), prefix) {
			live = append(live, pid)
		}
	}
	return live, zombies
}

// noneLeft fails unless, within a bounded wait, no process of this test's
// runs is alive and no orphan is left unreaped. It kills what it finds.
func noneLeft(t *testing.T) {
	t.Helper()
	var live, zombies []int
	for range 300 {
		if live, zombies = tagged(t); len(live) == 0 && len(zombies) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, pid := range live {
		killProc(pid)
	}
	t.Errorf("processes of the runs still alive: %v; zombie children: %v", live, zombies)
}

// A command that starts a child in a session of its own (escaping the
// process-group kill) and outlives its timeout: at each timeout the whole
// tree goes, run after run.
func TestExecKillsSetsidChildrenOnTimeout(t *testing.T) {
	subreaper(t)
	c := Exec([]string{"sh", "-c", "setsid sleep 300 & sleep 5"})
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		var r core.Result
		c.Check(ctx, &r)
		cancel()
		if r.Status != core.StatusFail || !strings.HasPrefix(r.Message, "timeout after") || strings.Contains(r.Message, "leaked") {
			t.Errorf("got %v %q, want fail \"timeout after …\"", r.Status, r.Message)
		}
	}
	noneLeft(t)
}

// A command that exits leaving a setsid child (reparented here) and a
// double-forked one that has already ended (a zombie here): the first is
// killed and both reaped when the run ends.
func TestExecKillsOrphansAfterExit(t *testing.T) {
	subreaper(t)
	c := Exec([]string{"sh", "-c", "setsid sleep 300 & (sh -c 'exit 0' &); sleep 0.1; echo 'OK - left two behind'"})
	for range 3 {
		r := run(t, c)
		if r.Status != core.StatusPass || r.Message != "OK - left two behind" {
			t.Errorf("got %v %q, want pass", r.Status, r.Message)
		}
	}
	noneLeft(t)
}

// Processes the sweep cannot kill are counted in the message.
func TestExecReportsLeakedProcesses(t *testing.T) {
	subreaper(t)
	pidFile := t.TempDir() + "/pid"
	kill, wait := killProc, sweepTime
	survivor := 0
	killProc = func(pid int) error {
		if b, err := os.ReadFile(pidFile); err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(pid) {
			survivor = pid
			return nil // pretend SIGKILL cannot reach it
		}
		return kill(pid)
	}
	sweepTime = 100 * time.Millisecond
	defer func() { killProc, sweepTime = kill, wait }()

	r := run(t, Exec([]string{"sh", "-c", `setsid sleep 300 & echo $! > "$1"; echo OK`, "sh", pidFile}))
	if r.Status != core.StatusPass || r.Message != "OK; leaked 1 processes" {
		t.Errorf("got %v %q, want pass \"OK; leaked 1 processes\"", r.Status, r.Message)
	}
	if survivor == 0 {
		t.Fatal("the sweep never tried to kill the setsid child")
	}
	// Another run's sweep leaves it alone (not its tag) but reaps it once
	// it has ended.
	killProc = kill
	run(t, Exec([]string{"true"}))
	if st, ok := readStat(survivor); !ok || !st.alive() {
		t.Fatalf("another run's sweep killed the survivor %d", survivor)
	}
	kill(survivor)
	for i := 0; i < 3000; i++ {
		if st, ok := readStat(survivor); !ok || !st.alive() {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	run(t, Exec([]string{"true"}))
	noneLeft(t)
}

// Without the subreaper, a timeout still kills the command's whole tree
// while it stands: the setsid child dies with its parent.
func TestExecKillsTreeOnTimeoutWithoutSubreaper(t *testing.T) {
	needSetsid(t)
	was := reaper.enabled.Load()
	reaper.enabled.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	var r core.Result
	Exec([]string{"sh", "-c", "setsid sleep 300 & sleep 5"}).Check(ctx, &r)
	cancel()
	reaper.enabled.Store(was)
	if r.Status != core.StatusFail || !strings.HasPrefix(r.Message, "timeout after") {
		t.Errorf("got %v %q, want fail \"timeout after …\"", r.Status, r.Message)
	}
	if was {
		run(t, Exec([]string{"true"})) // reaps the killed tree's zombies
	}
	noneLeft(t)
}

// BenchmarkSweep is what the subreaper adds to every exec run when the run
// left nothing behind: reading this process's children.
func BenchmarkSweep(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if n := sweep("HEALTHLITE_EXEC_RUN=bench"); n != 0 {
			b.Fatal(n)
		}
	}
}
