package main

import (
	"bytes"
	"log/slog"

	"github.com/healthlite/healthlite/core"
)

// healthFile maintains the bot server's health file (/tmp/bot_healthy): the
// /health JSON document, present while the service is healthy or degraded and
// absent otherwise, so that a Docker HEALTHCHECK or a process monitor can
// test for it with no HTTP client.
//
// It runs on its own goroutine: Subscribe callbacks only signal it, so file
// system latency never delays the core's publishing.
type healthFile struct {
	path    string
	log     *slog.Logger
	h       *core.Health
	wake    chan struct{}
	done    chan struct{}
	present bool   // the file exists with content last
	last    []byte // what was last written
	failing bool   // the last write or removal failed (logged once)
}

func newHealthFile(path string, h *core.Health, log *slog.Logger) *healthFile {
	return &healthFile{path: path, log: log, h: h, wake: make(chan struct{}, 1), done: make(chan struct{})}
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
		why := "service is " + s.Status().String()
		if s.Maintenance().On {
			why = "maintenance mode is on"
		}
		f.remove(why)
		return
	}
	body := s.HealthJSON()
	if f.present && bytes.Equal(body, f.last) {
		return
	}
	if err := writeFileAtomic(f.path, body, 0o644); err != nil {
		f.fail("Cannot write health file "+f.path, err)
		return
	}
	f.failing = false
	if !f.present {
		f.log.Info("Health file " + f.path + " written: service is healthy")
	}
	f.present = true
	f.last = append(f.last[:0], body...)
}

func (f *healthFile) remove(why string) {
	if err := removeFile(f.path); err != nil {
		f.fail("Cannot remove health file "+f.path, err)
		return
	}
	f.failing = false
	if f.present {
		f.log.Warn("Health file " + f.path + " removed: " + why)
	}
	f.present = false
}

// fail logs a file system error once, not for every snapshot (up to one a
// second) while it persists.
func (f *healthFile) fail(msg string, err error) {
	if !f.failing {
		f.log.Error(msg, "err", err)
	}
	f.failing = true
}
