package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// marked returns the live processes but parent whose environment holds
// marker ("K=V"), and the zombie children of parent.
func marked(marker string, parent int) (live, zombies []int) {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == parent {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		i := bytes.LastIndexByte(stat, ')')
		if err != nil || i < 0 || i+4 > len(stat) {
			continue
		}
		fields := strings.Fields(string(stat[i+2:]))
		if fields[0] == "Z" {
			if ppid, _ := strconv.Atoi(fields[1]); ppid == parent {
				zombies = append(zombies, pid)
			}
			continue
		}
		env, _ := os.ReadFile("/proc/" + e.Name() + "/environ")
		for _, kv := range bytes.Split(env, []byte{0}) {
			if string(kv) == marker {
				live = append(live, pid)
			}
		}
	}
	return live, zombies
}

// An exec check whose plugin starts a child in a session of its own and
// then overruns its timeout, run after run: healthlite kills each run's
// whole tree and reaps it; nothing is left behind, during the runs or
// after the stop.
func TestServeExecLeavesNoOrphans(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skipf("no setsid command: %v", err)
	}
	marker := "HEALTHLITE_TEST_ORPHANS=" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 10)
	runs := filepath.Join(t.TempDir(), "runs")
	script := `echo run >> "$1"; setsid sleep 300 & (setsid sleep 300 &); sleep 5`
	p, _ := serveOn(t, []string{marker}, "--check", "leaky=exec:sh -c '"+script+"' sh "+runs+",interval=300ms,timeout=150ms")
	eventually(t, 30*time.Second, "five runs of the plugin", func() bool {
		b, _ := os.ReadFile(runs)
		return bytes.Count(b, []byte("\n")) >= 5
	})
	// Each run leaves two sleeps behind it; at most the running one's live.
	if live, zombies := marked(marker, p.cmd.Process.Pid); len(live) > 4 || len(zombies) > 4 {
		t.Errorf("after 5 runs: %d processes of the plugin alive (%v), %d zombies; want at most the current run's", len(live), live, len(zombies))
	}
	p.stop()
	var live []int
	for range 500 {
		if live, _ = marked(marker, p.cmd.Process.Pid); len(live) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, pid := range live {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	t.Errorf("%d processes of the plugin left after the stop: %v", len(live), live)
}
