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
// against `curl -fsS URL`, and `healthlite probe --grpc ADDR` against
// grpc_health_probe (built from its module, a tool of the bench module),
// with hyperfine (no shell, pinned to cpu), URL being a running healthlite
// server's /healthz and ADDR its address; hyperfine runs where place says.
func runProbe(ctx context.Context, root, binDir string, place placement, url string) ([]probeResult, error) {
	bin := filepath.Join(binDir, "healthlite")
	c := releaseBuild(ctx, bin, "./cmd/healthlite")
	c.Dir = root
	if out, err := c.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build cmd/healthlite: %w\n%s", err, out)
	}
	if out, err := exec.CommandContext(ctx, bin, "probe", "--url", url).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("healthlite probe --url %s: %w: %s", url, err, out)
	}
	ghp := filepath.Join(binDir, "grpc_health_probe")
	c = releaseBuild(ctx, ghp, "github.com/grpc-ecosystem/grpc-health-probe")
	c.Dir = filepath.Join(root, "bench")
	if out, err := c.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build grpc_health_probe: %w\n%s", err, out)
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/healthz")
	js := filepath.Join(binDir, "hyperfine.json")
	args := []string{"hyperfine", "-N", "--warmup", "20", "--min-runs", "200", "--export-json", js,
		bin + " probe --url " + url, "curl -fsS " + url, bin + " probe --grpc " + addr, ghp + " -addr " + addr}
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
		cmd := strings.ReplaceAll(shortCommand(doc.Results[i].Command, bin), url, "$URL")
		cmd = strings.ReplaceAll(strings.ReplaceAll(cmd, ghp, "grpc_health_probe"), addr, "$ADDR")
		doc.Results[i].Command = cmd
	}
	return doc.Results, nil
}

// releaseBuild is "go build -o bin pkg" as both binaries' releases are
// built (README, deploy/Dockerfile; grpc-health-probe's .goreleaser.yml):
// static, no cgo, no symbol table, so start-up times compare what ships.
func releaseBuild(ctx context.Context, bin, pkg string) *exec.Cmd {
	c := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, pkg)
	c.Env = append(os.Environ(), "CGO_ENABLED=0")
	return c
}

// shortCommand shows the probe command without the temporary directory.
func shortCommand(cmd, bin string) string {
	if len(cmd) > len(bin) && cmd[:len(bin)] == bin {
		return "healthlite" + cmd[len(bin):]
	}
	return cmd
}
