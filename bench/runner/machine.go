package main

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// machine describes where and with what a run happened.
type machine struct {
	Date     time.Time
	CPU      string // model name from /proc/cpuinfo
	Cores    int
	Kernel   string
	Go       string
	Wrk      string
	Nginx    string
	Peers    []string // "module version" of the bench module's peers
	LoadAvg0 string   // /proc/loadavg before the run
	LoadAvg1 string   // and after
}

// describeMachine gathers the facts RESULTS.md records about the machine.
func describeMachine(ctx context.Context, benchDir string) machine {
	m := machine{Date: time.Now().UTC(), Cores: runtime.NumCPU(), Go: runtime.Version(), LoadAvg0: loadAvg()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	out, _ := exec.CommandContext(ctx, "wrk", "-v").CombinedOutput()
	m.Wrk, _, _ = strings.Cut(firstLine(string(out)), " [")
	out, _ = exec.CommandContext(ctx, "nginx", "-v").CombinedOutput()
	m.Nginx = strings.TrimPrefix(firstLine(string(out)), "nginx version: ")
	c := exec.CommandContext(ctx, "go", "list", "-m", "github.com/valyala/fasthttp", "github.com/alexliesenfeld/health",
		"github.com/prometheus/client_golang", "github.com/VictoriaMetrics/metrics", "github.com/tetratelabs/wazero")
	c.Dir = benchDir
	out, _ = c.Output()
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			m.Peers = append(m.Peers, l)
		}
	}
	return m
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(s)
}

// loadAvg returns the first three fields of /proc/loadavg.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
