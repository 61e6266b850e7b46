package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// probeResult is one command's figures: hyperfine's over all rounds
// (medians of the rounds' figures), and its ratio to grpc_health_probe for
// the gRPC probes.
type probeResult struct {
	Command      string  `json:"command"`
	Mean         float64 `json:"mean"`   // seconds
	Stddev       float64 `json:"stddev"` // seconds
	Median       float64 `json:"median"` // seconds
	UserSeconds  float64 `json:"user"`
	SystemSecond float64 `json:"system"`
	// Ratio is the median over the rounds of this command's median over
	// grpc_health_probe's in the same round, RatioMin and RatioMax their
	// range, and CPURatio the same for user+system CPU time, which the
	// machine's other load disturbs less; 0 when the command is not
	// compared with grpc_health_probe.
	Ratio, RatioMin, RatioMax, CPURatio float64 `json:"-"`
}

// probeRounds is how many times hyperfine runs every command, and
// probeRuns how often each time; the gRPC ratios pair the rounds, so that
// the load of the shared machine during one round weighs on both sides
// (hyperfine runs one command's runs, then the next one's).
const probeRounds, probeRuns = 6, 50

// haveHealthlite reports whether the repository has the healthlite binary's source.
func haveHealthlite(root string) bool {
	_, err := os.Stat(filepath.Join(root, "cmd", "healthlite"))
	return err == nil
}

// runProbe builds cmd/healthlite and cmd/healthlite-probe and times
// `healthlite probe --url URL` against `curl -fsS URL`, and `healthlite
// version`, `healthlite probe --grpc ADDR` and `healthlite-probe --grpc ADDR` against
// grpc_health_probe (built from its module, a tool of the bench module),
// with hyperfine (no shell, pinned to cpu) in probeRounds rounds, URL
// being a running healthlite server's /healthz and ADDR its address;
// hyperfine runs where place says.
func runProbe(ctx context.Context, root, binDir string, place placement, url string) ([]probeResult, error) {
	bin, lean := filepath.Join(binDir, "healthlite"), filepath.Join(binDir, "healthlite-probe")
	c := releaseBuild(ctx, binDir+"/", "./cmd/healthlite", "./cmd/healthlite-probe")
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
	if out, err := exec.CommandContext(ctx, lean, "--grpc", addr).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("healthlite-probe --grpc %s: %w: %s", addr, err, out)
	}
	// healthlite version, which does no network at all, shows what the
	// whole binary's start-up costs.
	commands := []string{bin + " probe --url " + url, "curl -fsS " + url,
		bin + " version", bin + " probe --grpc " + addr, lean + " --grpc " + addr, ghp + " -addr " + addr}
	var rounds [][]probeResult
	for i := range probeRounds {
		js := filepath.Join(binDir, fmt.Sprintf("hyperfine-%d.json", i))
		args := append([]string{"hyperfine", "-N", "--warmup", "10", "--runs", strconv.Itoa(probeRuns), "--export-json", js}, commands...)
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
		if len(doc.Results) != len(commands) {
			return nil, fmt.Errorf("hyperfine json: %d results for %d commands", len(doc.Results), len(commands))
		}
		rounds = append(rounds, doc.Results)
	}
	out := combineRounds(rounds, len(commands)-1, 2)
	for i := range out {
		cmd := out[i].Command
		for _, r := range [...][2]string{{lean, "healthlite-probe"}, {bin, "healthlite"}, {ghp, "grpc_health_probe"}, {url, "$URL"}, {addr, "$ADDR"}} {
			cmd = strings.ReplaceAll(cmd, r[0], r[1])
		}
		out[i].Command = cmd
	}
	return out, nil
}

// combineRounds takes the median of every figure over the rounds, and for
// the commands from index first on the median and range of their per-round
// ratio to the command at index peer.
func combineRounds(rounds [][]probeResult, peer, first int) []probeResult {
	out := make([]probeResult, len(rounds[0]))
	for i := range out {
		var mean, sd, med, user, sys, ratio, cpu []float64
		for _, r := range rounds {
			mean, sd, med = append(mean, r[i].Mean), append(sd, r[i].Stddev), append(med, r[i].Median)
			user, sys = append(user, r[i].UserSeconds), append(sys, r[i].SystemSecond)
			ratio = append(ratio, r[i].Median/r[peer].Median)
			cpu = append(cpu, (r[i].UserSeconds+r[i].SystemSecond)/(r[peer].UserSeconds+r[peer].SystemSecond))
		}
		out[i] = probeResult{Command: rounds[0][i].Command, Mean: median(mean), Stddev: median(sd), Median: median(med),
			UserSeconds: median(user), SystemSecond: median(sys)}
		if i >= first {
			out[i].Ratio, out[i].RatioMin, out[i].RatioMax = median(ratio), slices.Min(ratio), slices.Max(ratio)
			out[i].CPURatio = median(cpu)
		}
	}
	return out
}

// releaseBuild is "go build -o out pkgs" as the binaries' releases are
// built (README, deploy/Dockerfile; grpc-health-probe's .goreleaser.yml):
// static, no cgo, no symbol table, so start-up times compare what ships.
func releaseBuild(ctx context.Context, out string, pkgs ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, "go", append([]string{"build", "-trimpath", "-ldflags=-s -w", "-o", out}, pkgs...)...)
	c.Env = append(os.Environ(), "CGO_ENABLED=0")
	return c
}
