package main

import (
	"bytes"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/healthlite/healthlite/core"
)

// healthFile maintains the bot server's health file (/tmp/bot_healthy): the
// /health JSON document, present while the service is healthy or degraded and
// absent otherwise, so that a Docker HEALTHCHECK or a process monitor can
// test for it with no HTTP client.
//
// The file is rewritten only when its state changes — the overall status, a
// check's status or a flag's value — and, with a refresh interval, at most
// that often for the rest (uptime_seconds, last_heartbeat), so that storage
// that wears out (an edge device's SD card) is not written every second.
//
// It only ever replaces or removes a file it wrote itself: when the path
// holds something else (another program's file, a symbolic link), it logs so
// once and leaves it alone.
//
// It runs on its own goroutine: Subscribe callbacks only signal it, so file
// system latency never delays the core's publishing.
type healthFile struct {
	path    string
	refresh time.Duration // 0: rewrite on state changes only
	log     *slog.Logger
	h       *core.Health
	wake    chan struct{}
	done    chan struct{}
	present bool        // the file exists with content last
	last    []byte      // what was last written
	state   []byte      // the state key of what was last written
	key     []byte      // scratch for the current state key
	wrote   time.Time   // when the file was last written
	mine    fs.FileInfo // the file last written, to recognise it later
	failing bool        // the last write or removal failed (logged once)
}

func newHealthFile(path string, refresh time.Duration, h *core.Health, log *slog.Logger) *healthFile {
	return &healthFile{path: path, refresh: refresh, log: log, h: h, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// run writes or removes the file for each new snapshot until stop is closed,
// then removes it.
func (f *healthFile) run(stop <-chan struct{}) {
	defer close(f.done)
	f.h.Subscribe(func(*core.Snapshot) {
		select {
		case f.wake <- struct{}{}:
		default:
		}
	})
	f.update()
	for {
		select {
		case <-f.wake:
			f.update()
		case <-stop:
			f.remove("the server is stopping")
			return
		}
	}
}

func (f *healthFile) update() {
	s := f.h.Snapshot()
	if !s.Healthy() {
		why := "service is " + s.HealthWord()
		if s.Maintenance().On {
			why = "maintenance mode is on"
		}
		f.remove(why)
		return
	}
	f.key = appendStateKey(f.key[:0], s)
	if f.present && bytes.Equal(f.key, f.state) {
		if f.refresh <= 0 || s.Time().Sub(f.wrote) < f.refresh {
			return
		}
	}
	body := s.HealthJSON()
	if f.present && bytes.Equal(body, f.last) {
		return
	}
	if err := f.claim(); err != nil {
		f.fail("Cannot write health file "+f.path, err)
		return
	}
	if err := writeFileAtomic(f.path, body, 0o644); err != nil {
		f.fail("Cannot write health file "+f.path, err)
		return
	}
	f.mine, _ = os.Lstat(f.path)
	f.failing = false
	if !f.present {
		f.log.Info("Health file " + f.path + " written: service is healthy")
	}
	f.present = true
	f.wrote = s.Time()
	f.last = append(f.last[:0], body...)
	f.state, f.key = f.key, f.state
}

func (f *healthFile) remove(why string) {
	if err := f.claim(); err != nil {
		f.fail("Cannot remove health file "+f.path, err)
		return
	}
	if err := removeFile(f.path); err != nil {
		f.fail("Cannot remove health file "+f.path, err)
		return
	}
	f.failing = false
	if f.present {
		f.log.Warn("Health file " + f.path + " removed: " + why)
	}
	f.present = false
	f.mine = nil
}

// claim returns an error when the path holds a file this process may not
// replace or remove: anything but nothing, the file it wrote last, or
// another healthlite health file (claimHealthFile's rule).
func (f *healthFile) claim() error {
	fi, err := os.Lstat(f.path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && f.mine != nil && os.SameFile(fi, f.mine) {
		return nil
	}
	if err := claimHealthFile(f.path); err != nil {
		f.present = false
		return errors.New(f.path + " " + err.Error())
	}
	return nil
}

// appendStateKey appends what the file's state is made of: the overall
// status and each check's name, status and (for a flag) value. The rest of
// the document (uptime_seconds, last_heartbeat) changes without the state
// changing.
func appendStateKey(dst []byte, s *core.Snapshot) []byte {
	dst = append(dst, s.Status().String()...)
	checks := s.Checks()
	for i := range checks {
		c := &checks[i]
		dst = append(dst, 0)
		dst = append(dst, c.Name...)
		dst = append(dst, 0)
		dst = append(dst, c.Status.String()...)
		if c.IsFlag() && c.Value != 0 {
			dst = append(dst, 0, '1')
		}
	}
	return dst
}

// fail logs a file system error once, not for every snapshot (up to one a
// second) while it persists.
func (f *healthFile) fail(msg string, err error) {
	if !f.failing {
		f.log.Error(msg, "err", err)
	}
	f.failing = true
}
