package checks

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strconv"
)

// This file reads the process table from /proc: a process's state and
// parent, its children and whether its environment carries a tag.

// procStat is what the reaper needs of /proc/PID/stat.
type procStat struct {
	state byte // R, S, D, Z, T, …
	ppid  int
}

// readStat reads /proc/PID/stat; ok is false when the process is gone.
func readStat(pid int) (st procStat, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return st, false
	}
	// "pid (comm) S ppid …": comm may hold anything, ')' included.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+4 > len(b) {
		return st, false
	}
	st.state = b[i+2]
	rest := b[i+4:]
	if j := bytes.IndexByte(rest, ' '); j >= 0 {
		rest = rest[:j]
	}
	st.ppid, err = strconv.Atoi(string(rest))
	return st, err == nil
}

// alive reports whether the process has not exited (a zombie has).
func (s procStat) alive() bool { return s.state != 'Z' && s.state != 'X' && s.state != 'x' }

// errNoChildrenFile says the kernel has no /proc/PID/task/TID/children
// (CONFIG_PROC_CHILDREN): children are found by scanning every process.
var errNoChildrenFile = errors.New("no children file")

// children returns the pids of pid's children. It reads the children
// files of pid's threads, or scans /proc when the kernel has none.
func children(pid int) []int {
	kids, err := childrenFiles(pid)
	if errors.Is(err, errNoChildrenFile) {
		return scanChildren(pid)
	}
	return kids
}

func childrenFiles(pid int) ([]int, error) {
	dir := "/proc/" + strconv.Itoa(pid) + "/task/"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var kids []int
	for _, t := range tasks {
		b, err := os.ReadFile(dir + t.Name() + "/children")
		if errors.Is(err, fs.ErrNotExist) {
			if _, serr := os.Stat(dir + t.Name()); serr == nil {
				return nil, errNoChildrenFile
			}
			continue // the thread ended
		}
		for _, f := range bytes.Fields(b) {
			if n, err := strconv.Atoi(string(f)); err == nil {
				kids = append(kids, n)
			}
		}
	}
	return kids, nil
}

func scanChildren(pid int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var kids []int
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, ok := readStat(n); ok && st.ppid == pid {
			kids = append(kids, n)
		}
	}
	return kids
}

// descendants returns pid's descendants, parents before their children.
func descendants(pid int) []int {
	var out []int
	queue := children(pid)
	for len(queue) > 0 && len(out) < maxTracked {
		p := queue[0]
		queue = queue[1:]
		out = append(out, p)
		queue = append(queue, children(p)...)
	}
	return out
}

// maxTracked bounds the processes one sweep walks, against a fork bomb.
const maxTracked = 4096

// exiting reports whether pid is on its way out: its address space is
// gone (/proc/PID/statm reads all zeros) while it is not yet a zombie.
func exiting(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	return err == nil && bytes.HasPrefix(b, []byte("0 "))
}

// hasTag reports whether the environment of pid holds the entry tag
// ("K=V"). A process that cannot be read (gone, a zombie, another user's)
// does not.
func hasTag(pid int, tag string) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil || len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		entry := b
		if i := bytes.IndexByte(b, 0); i >= 0 {
			entry, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if string(entry) == tag {
			return true
		}
	}
	return false
}
