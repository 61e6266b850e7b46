package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// singleInstanceCheck is the name of the readiness check of
// --single-instance=ready.
const singleInstanceCheck = "single-instance"

// singleInstanceValue is --single-instance[=exit|ready|false]: bare or
// "true" means exit.
type singleInstanceValue struct{ mode string }

func (v *singleInstanceValue) String() string   { return v.mode }
func (v *singleInstanceValue) IsBoolFlag() bool { return true }

func (v *singleInstanceValue) Set(s string) error {
	switch s {
	case "true", "exit":
		v.mode = "exit"
	case "ready":
		v.mode = "ready"
	case "false", "":
		v.mode = ""
	default:
		return fmt.Errorf("%q: want exit (the default), ready or false", s)
	}
	return nil
}

// lockDir is where --single-instance keeps its lock files: $XDG_RUNTIME_DIR,
// else /run/healthlite.
func lockDir() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return d
	}
	return "/run/healthlite"
}

// instanceLock is the lock file of one service, held with flock(2) by the
// instance that runs.
type instanceLock struct {
	path string
	mu   sync.Mutex
	f    *os.File // open while held
}

// newInstanceLock returns the lock of service, not yet taken. The directory
// is created (0755) when missing.
func newInstanceLock(service string) (*instanceLock, error) {
	if err := validName(service); err != nil {
		return nil, fmt.Errorf("--service %v (the lock file is named after it)", err)
	}
	dir := lockDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock directory: %v; set XDG_RUNTIME_DIR to a directory of your own", err)
	}
	return &instanceLock{path: filepath.Join(dir, "healthlite-"+service+".lock")}, nil
}

// take tries the lock once. Held: nil, and this process's pid and command
// line are written into the file for the next comer. Held by another
// process: an error naming it ("pid 4242: healthlite serve …").
func (l *instanceLock) take() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		return nil
	}
	f, err := openLockFile(l.path)
	if err != nil {
		return err
	}
	switch err := tryLock(f); {
	case errors.Is(err, errLocked):
		holder := readHolder(f)
		f.Close()
		return &heldError{holder: holder}
	case err != nil:
		f.Close()
		return fmt.Errorf("%s: %v", l.path, err)
	}
	args := strings.Join(os.Args, " ")
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"+args+"\n"), 0)
	}
	l.f = f
	return nil
}

// release drops the lock (the kernel does so as well on exit).
func (l *instanceLock) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil {
		l.f.Close()
		l.f = nil
	}
}

// heldError says another process holds the lock.
type heldError struct{ holder holder }

func (e *heldError) Error() string {
	return "another instance " + e.holder.String() + " is running"
}

// holder is what a lock file says of the process holding it.
type holder struct {
	pid int
	cmd string
}

// String is "(pid 4242: healthlite serve …)", "(pid 4242)", or "" when the
// holder has not written its pid yet.
func (h holder) String() string {
	switch {
	case h.pid <= 0:
		return "(pid unknown)"
	case h.cmd == "":
		return "(pid " + strconv.Itoa(h.pid) + ")"
	}
	return "(pid " + strconv.Itoa(h.pid) + ": " + h.cmd + ")"
}

// readHolder reads the pid and command line the holder wrote. The holder
// writes them right after taking the lock, so a short wait covers a reader
// that comes in between.
func readHolder(f *os.File) holder {
	var h holder
	for try := 0; try < 20; try++ {
		b := make([]byte, 4096)
		n, _ := f.ReadAt(b, 0)
		pid, cmd, _ := strings.Cut(string(b[:n]), "\n")
		if p, err := strconv.Atoi(pid); err == nil && p > 0 {
			h.pid = p
			q := strconv.QuoteToGraphic(strings.TrimSpace(cmd)) // escaped for the terminal
			h.cmd = q[1 : len(q)-1]
			if len(h.cmd) > 200 {
				h.cmd = h.cmd[:200] + "…"
			}
			return h
		}
		time.Sleep(5 * time.Millisecond)
	}
	return h
}

// startSingleInstance puts --single-instance to work: in exit mode it takes
// the lock or returns the error that stops serve (exit 2); in ready mode it
// registers a readiness check that fails while another live instance is
// seen — holding the lock, or answering as the same service on a port of
// --ports (the duplicate probe, for a copy started without the lock) — and
// takes the lock as soon as it is free. The returned function releases the
// lock.
func startSingleInstance(h *core.Health, cfg *serveConfig) (func(), error) {
	if cfg.singleInstance == "" {
		return func() {}, nil
	}
	l, err := newInstanceLock(cfg.service)
	if err != nil {
		return nil, fmt.Errorf("--single-instance: %v", err)
	}
	if cfg.singleInstance == "exit" {
		if err := l.take(); err != nil {
			var held *heldError
			if errors.As(err, &held) {
				return nil, fmt.Errorf("--single-instance: another instance of service %q is running %s; it holds %s", cfg.service, held.holder, l.path)
			}
			return nil, fmt.Errorf("--single-instance: %v", err)
		}
		return l.release, nil
	}
	err = h.Register(core.CheckConfig{
		Name:     singleInstanceCheck,
		Groups:   core.GroupReady,
		Interval: time.Second,
		Check: core.CheckFunc(func(ctx context.Context, r *core.Result) {
			var held *heldError
			switch err := l.take(); {
			case err == nil:
				if pid := duplicateOnPorts(ctx, cfg.addr, cfg.ports, cfg.service); pid > 0 {
					r.Status, r.Message = core.StatusFail, "another instance (pid "+strconv.Itoa(pid)+") is running"
					return
				}
				r.Status, r.Message = core.StatusPass, "the only instance of service "+strconv.Quote(cfg.service)
			case errors.As(err, &held) && held.holder.pid > 0:
				r.Status, r.Message = core.StatusFail, "another instance (pid "+strconv.Itoa(held.holder.pid)+") is running"
			default:
				r.Status, r.Message = core.StatusFail, err.Error()
			}
		}),
	})
	if err != nil {
		return nil, fmt.Errorf("--single-instance: %v", err)
	}
	return l.release, nil
}

// maxDuplicatePorts bounds how many ports of --ports the ready-mode check
// asks each run.
const maxDuplicatePorts = 16

// duplicateOnPorts asks the ports of the list (port 0 aside) which
// healthlite holds them and returns the pid of another instance of service
// found there, or 0.
func duplicateOnPorts(ctx context.Context, addr string, ports []int, service string) int {
	asked := 0
	for _, p := range ports {
		if p == 0 {
			continue
		}
		if asked++; asked > maxDuplicatePorts || ctx.Err() != nil {
			break
		}
		if s, pid, ok := transport.AskInstance(ctx, addr, p); ok && s == service && pid != os.Getpid() && pid > 0 {
			return pid
		}
	}
	return 0
}
