package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// probeResult is hyperfine's figure for one command.
type probeResult struct {
	Command      string  `json:"command"`
	Mean         float64 `json:"mean"`   // seconds
	Stddev       float64 `json:"stddev"` // seconds
	Median       float64 `json:"median"` // seconds
	UserSeconds  float64 `json:"user"`
	SystemSecond float64 `json:"system"`
}

// haveHealthlite reports whether the repository has the healthlite binary's source.
func haveHealthlite(root string) bool {
	_, err := os.Stat(filepath.Join(root, "cmd", "healthlite"))
	return err == nil
}

// runProbe builds cmd/healthlite and times `healthlite probe --url URL`
// against `curl -fsS URL` with hyperfine (no shell, pinned to cpu), URL being
// a running server's /healthz; hyperfine runs where place says.
func runProbe(ctx context.Context, root, binDir string, place placement, url string) ([]probeResult, error) {
	bin := filepath.Join(binDir, "healthlite")
	c := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/healthlite")
	c.Dir = root
	if out, err := c.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build cmd/healthlite: %w\n%s", err, out)
	}
	if out, err := exec.CommandContext(ctx, bin, "probe", "--url", url).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("healthlite probe --url %s: %w: %s", url, err, out)
	}
	js := filepath.Join(binDir, "hyperfine.json")
	args := []string{"hyperfine", "-N", "--warmup", "20", "--min-runs", "200", "--export-json", js,
		bin + " probe --url " + url, "curl -fsS " + url}
	if out, err := place.run(ctx, "", nil, args); err != nil {
		return nil, fmt.Errorf("hyperfine: %w\n%s", err, out)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Results []probeResult `json:"results"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("hyperfine json: %w", err)
	}
	for i := range doc.Results {
		doc.Results[i].Command = strings.ReplaceAll(shortCommand(doc.Results[i].Command, bin), url, "$URL")
	}
	return doc.Results, nil
}

// shortCommand shows the probe command without the temporary directory.
func shortCommand(cmd, bin string) string {
	if len(cmd) > len(bin) && cmd[:len(bin)] == bin {
		return "healthlite" + cmd[len(bin):]
	}
	return cmd
}
