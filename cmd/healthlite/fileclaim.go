package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// claimHealthFile makes path ready for the health file at start-up, or says
// why it cannot be used. What is there may only be replaced when healthlite
// wrote it:
//
//   - nothing: fine;
//   - a regular file holding the /health JSON (a previous run that was
//     killed): removed at once, since it may say "healthy" for a process
//     that is gone;
//   - anything else — another program's file, an empty file, a directory,
//     a device, or a symbolic link (healthlite never makes one, so never
//     replaces one, wherever it points) — is refused.
func claimHealthFile(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return errors.New("is a symbolic link; healthlite never makes one and does not replace one: remove it or choose another path")
	case !fi.Mode().IsRegular():
		return errors.New("is not a regular file (" + fi.Mode().Type().String() + "): choose another path")
	}
	if !ownHealthFile(path) {
		return errors.New("holds a file healthlite did not write; it is left alone: remove it or choose another path")
	}
	return removeFile(path)
}

// ownHealthFile reports whether path holds what healthlite writes: the
// /health document, {"status":"healthy","uptime_seconds":N,
// "environment":…,"last_heartbeat":…,…,"checks":{…}} and a newline, at most
// 1 MiB.
func ownHealthFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<20+1))
	return err == nil && len(b) <= 1<<20 && isHealthJSON(b)
}

// isHealthJSON reports whether b is the /health document healthlite writes.
func isHealthJSON(b []byte) bool {
	if !bytes.HasPrefix(b, []byte(`{"status":`)) || !bytes.HasSuffix(b, []byte("}\n")) {
		return false
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(b, &doc) != nil {
		return false
	}
	var status, env string
	var uptime float64
	var checks map[string]string
	_, beat := doc["last_heartbeat"]
	if !beat || json.Unmarshal(doc["status"], &status) != nil || json.Unmarshal(doc["uptime_seconds"], &uptime) != nil ||
		json.Unmarshal(doc["environment"], &env) != nil || json.Unmarshal(doc["checks"], &checks) != nil || checks == nil {
		return false
	}
	switch status {
	case "healthy", "degraded", "unhealthy", "starting":
		return true
	}
	return false
}

// removeStaleTemps removes the temporary files writeFileAtomic leaves next to
// path when the process is killed in the middle of a write: regular files
// named ".BASE.tmpDIGITS" (os.CreateTemp's pattern) in path's directory.
// It returns how many it removed.
func removeStaleTemps(path string) (int, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	prefix := "." + base + ".tmp"
	n := 0
	for _, e := range entries {
		digits, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() || digits == "" || strings.Trim(digits, "0123456789") != "" {
			continue
		}
		if err := removeFile(filepath.Join(dir, e.Name())); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
