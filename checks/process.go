package checks

import (
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
)

// Process returns a check that the process whose id is in pidfile is
// running: the file holds a positive pid, a process of that id exists
// (signal 0 reaches it, or only permission is lacking) and, on Linux, it is
// not a zombie. Its message reads "pid 1234 from /run/app.pid is running".
func Process(pidfile string) core.Checker {
	return &processCheck{pidfile: pidfile, proc: procRoot}
}

type processCheck struct {
	pidfile string
	proc    string
}

func (c *processCheck) Check(_ context.Context, r *core.Result) {
	b, err := os.ReadFile(c.pidfile)
	if err != nil {
		failFile(r, c.pidfile, err)
		return
	}
	text := strings.TrimSpace(string(b))
	pid, err := strconv.Atoi(text)
	if err != nil || pid <= 0 {
		if len(text) > 32 {
			text = text[:32] + "…"
		}
		r.Status, r.Message = core.StatusFail, c.pidfile+" holds "+strconv.Quote(text)+", not a pid"
		return
	}
	what := "pid " + strconv.Itoa(pid) + " from " + c.pidfile
	switch state := c.processState(pid); state {
	case "":
		r.Status, r.Message = core.StatusFail, what+" is not running"
	case "Z":
		r.Status, r.Message = core.StatusFail, what+" is a zombie (exited, not yet reaped)"
	default:
		r.Status, r.Message = core.StatusPass, what+" is running"
	}
}

// procState returns the state letter of /proc/PID/stat ("R", "S", "Z",
// …), or "?" when there is no such file to read.
func procState(proc string, pid int) string {
	b, err := os.ReadFile(proc + "/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "?"
	}
	// The command name in parentheses may hold spaces; the state follows
	// the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) {
		return "?"
	}
	return s[i+2 : i+3]
}
