package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core"
)

// maintSwitch is maintenance mode as the binary runs it: the core's switch,
// kept in --state-file so that a box taken out of rotation stays out across
// restarts and reboots. Switches are serialised, so the file always holds
// the state in force.
type maintSwitch struct {
	h    *core.Health
	path string // --state-file; "" keeps the state in memory only
	log  *slog.Logger
	mu   sync.Mutex
}

// stateFile is the JSON document of --state-file:
//
//	{"maintenance":true,"reason":"kernel upgrade","since":"2026-12-02T06:00:00Z"}
type stateFile struct {
	Maintenance *bool     `json:"maintenance"`
	Reason      string    `json:"reason,omitempty"`
	Since       time.Time `json:"since,omitzero"`
}

// newMaintSwitch returns the switch of h and applies the state file: a
// missing file means not in maintenance (a first start); a file that cannot
// be read or parsed is logged once and starts the service in maintenance,
// since a box someone took out of rotation must not come back by accident.
func newMaintSwitch(h *core.Health, path string, log *slog.Logger) *maintSwitch {
	m := &maintSwitch{h: h, path: path, log: log}
	if path == "" {
		return m
	}
	st, err := readStateFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		log.Error("State file " + path + " cannot be used (" + err.Error() + "): starting in maintenance mode until it is switched off")
		h.SetMaintenance(core.Maintenance{On: true, Reason: "state file " + path + " cannot be used"})
	case *st.Maintenance:
		h.SetMaintenance(core.Maintenance{On: true, Reason: st.Reason, Since: st.Since})
		log.Warn("Maintenance mode " + maintText(h.Maintenance()) + " (from state file " + path + ")")
	}
	return m
}

// readStateFile reads and checks the state file.
func readStateFile(path string) (*stateFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var st stateFile
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("not a healthlite state file: %v", err)
	}
	if dec.More() {
		return nil, errors.New("not a healthlite state file: data after the JSON document")
	}
	if st.Maintenance == nil {
		return nil, errors.New(`not a healthlite state file: no "maintenance" field`)
	}
	return &st, nil
}

// set switches maintenance on (with reason) or off, then writes the state
// file. The switch takes effect even when the file cannot be written (the
// error says so): the operator's intent wins over the disk.
func (m *maintSwitch) set(on bool, reason string) (core.Maintenance, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.h.SetMaintenance(core.Maintenance{On: on, Reason: reason})
	if on {
		m.log.Warn("Maintenance mode " + maintText(st))
	} else {
		m.log.Info("Maintenance mode off")
	}
	if m.path == "" {
		return st, nil
	}
	doc := stateFile{Maintenance: &st.On, Reason: st.Reason, Since: st.Since}
	b, _ := json.Marshal(doc)
	if err := writeFileDurable(m.path, append(b, '\n'), 0o644); err != nil {
		m.log.Error("Cannot write state file "+m.path, "err", err)
		return st, fmt.Errorf("state file %s not written: %v", m.path, err)
	}
	return st, nil
}

// maintText describes a maintenance state in one line.
func maintText(st core.Maintenance) string {
	if !st.On {
		return "off"
	}
	s := "on since " + st.Since.UTC().Format(time.RFC3339)
	if st.Reason != "" {
		s += ": " + st.Reason
	}
	return s
}
