package checks

import (
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// prSetChildSubreaper is PR_SET_CHILD_SUBREAPER from <linux/prctl.h>.
const prSetChildSubreaper = 36

// BecomeSubreaper makes this process a child subreaper (Linux 3.4+): the
// descendants of an exec check that leave its process group — setsid, a
// double fork — are reparented to this process instead of to init when
// their parent exits. Each exec check then kills, at its end, every
// process left behind that carries its run's tag in its environment, and
// the package reaps every orphan that ends here. A run that cannot kill
// some of them (another user's, stuck in the kernel) says "leaked N
// processes" in its message.
//
// Call it once, early, and only in a program whose child processes are
// all started by exec checks: the reaper collects the exit status of any
// child that is not a running exec check's command, which would leave
// os/exec elsewhere waiting for a child already reaped. healthlite's own
// binary does; a library user who starts other children should not. On
// other systems it returns errors.ErrUnsupported.
func BecomeSubreaper() error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); e != 0 {
		return os.NewSyscallError("prctl(PR_SET_CHILD_SUBREAPER)", e)
	}
	reaper.enabled.Store(true)
	return nil
}

// reaper is the process-wide state of BecomeSubreaper.
var reaper struct {
	enabled atomic.Bool
	seq     atomic.Uint64 // numbers the runs' tags

	// forkMu is held for reading from a command's start until its pid is
	// in commands, and for writing while an orphan is reaped, so a command
	// that exited before it was registered is never taken for an orphan.
	forkMu   sync.RWMutex
	mu       sync.Mutex
	commands map[int]struct{} // exec commands started and not yet waited for
}

// Seams for the tests: how a process is killed, how long a sweep keeps
// killing before it counts what survived, and its pause between rounds.
var (
	killProc   = func(pid int) error { return syscall.Kill(pid, syscall.SIGKILL) }
	sweepTime  = 2 * time.Second
	sweepPause = 5 * time.Millisecond
)

// execRun is one run of an exec check's command, tagged so that what it
// leaves behind can be told from what other runs and other code started.
type execRun struct {
	cmd *exec.Cmd
	tag string // "HEALTHLITE_EXEC_RUN=PID-N", added to the command's environment
}

// newExecRun prepares cmd: its own process group, its run's tag in its
// environment, and a cancellation that kills the command's whole tree —
// descendants that made their own session or group included — before
// its group.
func newExecRun(cmd *exec.Cmd) *execRun {
	ownProcessGroup(cmd)
	r := &execRun{cmd: cmd, tag: "HEALTHLITE_EXEC_RUN=" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(reaper.seq.Add(1), 10)}
	cmd.Env = append(os.Environ(), r.tag)
	cmd.Cancel = func() error {
		if st, ok := readStat(cmd.Process.Pid); ok && st.ppid == os.Getpid() {
			killAll(descendants(cmd.Process.Pid))
		}
		return killProcessGroup(cmd.Process)
	}
	return r
}

// start starts the command and registers it as a running command.
func (r *execRun) start() error {
	reaper.forkMu.RLock()
	defer reaper.forkMu.RUnlock()
	if err := r.cmd.Start(); err != nil {
		return err
	}
	reaper.mu.Lock()
	if reaper.commands == nil {
		reaper.commands = map[int]struct{}{}
	}
	reaper.commands[r.cmd.Process.Pid] = struct{}{}
	reaper.mu.Unlock()
	return nil
}

// finish runs after Wait: it kills the command's process group and, with
// BecomeSubreaper, every process of this run that was reparented here and
// reaps the orphans that ended. It returns how many of the run's
// processes were still alive when it gave up.
func (r *execRun) finish() (leaked int) {
	reaper.mu.Lock()
	delete(reaper.commands, r.cmd.Process.Pid)
	reaper.mu.Unlock()
	killProcessGroup(r.cmd.Process)
	if !reaper.enabled.Load() {
		return 0
	}
	return sweep(r.tag)
}

// sweep kills the processes reparented here that carry tag, with their
// descendants, until none is left alive or sweepTime has passed, reaping
// orphans as they end. It returns how many were still alive.
func sweep(tag string) int {
	deadline := time.Now().Add(sweepTime)
	self := os.Getpid()
	// killed remembers what this sweep killed: a process that is dying
	// may no longer show its environment (and so its tag) before it is a
	// zombie, and must still be waited for and reaped, not left behind.
	killed := map[int]bool{}
	for {
		live := 0
		for _, pid := range children(self) {
			if isCommand(pid) {
				continue
			}
			st, ok := readStat(pid)
			switch {
			case !ok || st.ppid != self:
			case !st.alive():
				reap(pid)
			case exiting(pid):
				// Dying (its memory is gone, and with it the tag): wait
				// for it to be a zombie and reap it, rather than leave one.
				live++
			case killed[pid] || hasTag(pid, tag):
				pids := append([]int{pid}, descendants(pid)...)
				live += killAll(pids)
				for _, p := range pids {
					killed[p] = true
				}
			}
		}
		if live == 0 || time.Now().After(deadline) {
			return live
		}
		time.Sleep(sweepPause)
	}
}

func isCommand(pid int) bool {
	reaper.mu.Lock()
	defer reaper.mu.Unlock()
	_, ok := reaper.commands[pid]
	return ok
}

// reap collects the exit status of pid, an orphan that ended here.
func reap(pid int) {
	reaper.forkMu.Lock()
	defer reaper.forkMu.Unlock()
	if isCommand(pid) {
		return
	}
	var ws syscall.WaitStatus
	for {
		if _, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil); err != syscall.EINTR {
			return
		}
	}
}

// killAll sends SIGKILL to each of pids that is alive and returns how many
// were.
func killAll(pids []int) (alive int) {
	for _, pid := range pids {
		if st, ok := readStat(pid); ok && st.alive() {
			alive++
			killProc(pid)
		}
	}
	return alive
}
