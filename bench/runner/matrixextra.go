package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The -matrix table's /metrics and gRPC sections: a scrape of healthlite's
// /metrics against nginx answering the same bytes from memory, and gRPC
// health Check against grpc-go's health server, by connection count.

// metricsConns are the connection counts of the /metrics rows: one
// scraper, and many at once.
var metricsConns = []int{1, 64}

// nginxMetrics is what nginx answers on /metrics (see nginx/nginx.conf):
// healthlite's own answer once captureMetrics has run, else nothing.
var nginxMetrics struct{ Body, ContentType string }

// scrapeAccept is the Accept header of a Prometheus 3 scrape.
const scrapeAccept = "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4," +
	"text/plain;version=1.0.0;escaping=underscores;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1"

// nginxQuote escapes s for a double-quoted nginx string.
func nginxQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}

// captureMetrics starts s (a healthlite server), keeps its answer to a
// Prometheus scrape of /metrics for nginx, and stops it.
func captureMetrics(ctx context.Context, cfg config, s server) error {
	r, err := start(ctx, cfg.BenchDir, cfg.BinDir, cfg.Server, s)
	if err != nil {
		return err
	}
	defer r.stop()
	c := http.Client{Timeout: 5 * time.Second}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(r.url, "/healthz")+"/metrics", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", scrapeAccept)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s /metrics: %s", s.Name, resp.Status)
	}
	nginxMetrics.Body, nginxMetrics.ContentType = string(b), resp.Header.Get("Content-Type")
	return nil
}

// runMatrixMetrics loads /metrics of every server of list that serves it
// (healthlite's and nginx), keep-alive, at each of metricsConns.
func runMatrixMetrics(ctx context.Context, cfg config, list []server, logf func(string)) []cell {
	var scrapers []server
	for _, s := range list {
		if s.Transport || s.Nginx {
			scrapers = append(scrapers, s)
		}
	}
	if len(scrapers) == 0 {
		return nil
	}
	var all []cell
	for rep := 1; rep <= cfg.Repeats; rep++ {
		for _, n := range metricsConns {
			c := cfg
			c.Path, c.Wrk.Connections, c.Wrk.Headers = "/metrics", n, []string{"Accept: " + scrapeAccept}
			c.Wrk.Threads = min(c.Wrk.Threads, n)
			for _, s := range scrapers {
				all = append(all, cell{Conns: n, Mode: "metrics", sample: measure(ctx, c, s, rep)})
				logCell(logf, rep, cfg.Repeats, all[len(all)-1])
			}
		}
	}
	return all
}

// runMatrixGRPC loads gRPC health Check with h2load (one stream per
// connection) on healthlite-fasthttp and grpc-go's health server at each
// connection count; latency percentiles come from h2load's per-request log.
func runMatrixGRPC(ctx context.Context, cfg config, conns []int, logf func(string)) ([]cell, error) {
	if err := build(ctx, cfg.BenchDir, cfg.BinDir, grpcServers); err != nil {
		return nil, err
	}
	body := filepath.Join(cfg.BinDir, "check-request.bin")
	if err := os.WriteFile(body, []byte{0, 0, 0, 0, 0}, 0o644); err != nil { // an empty HealthCheckRequest, framed
		return nil, err
	}
	var all []cell
	for rep := 1; rep <= cfg.Repeats; rep++ {
		for _, n := range conns {
			for _, s := range grpcServers {
				all = append(all, cell{Conns: n, Mode: "grpc", sample: measureGRPC(ctx, cfg, s, n, body, rep)})
				logCell(logf, rep, cfg.Repeats, all[len(all)-1])
			}
		}
	}
	return all, nil
}

// measureGRPC starts s and loads it with h2load's Check requests from n
// connections, one stream each, for cfg.Duration after cfg.Warmup.
func measureGRPC(ctx context.Context, cfg config, s server, n int, body string, repeat int) sample {
	out := sample{Server: s.Name, Repeat: repeat}
	r, err := start(ctx, cfg.BenchDir, cfg.BinDir, cfg.Server, s)
	if err != nil {
		out.Err = err
		return out
	}
	defer r.stop()
	logFile := filepath.Join(cfg.BinDir, "h2load.log")
	os.Remove(logFile)
	argv := h2loadCheck(cfg, r.url, n, 1, body, "--log-file", logFile)
	var rps float64
	var ok int
	cpu, wall, err := r.cpuDuring(func() (err error) {
		rps, ok, err = runH2load(ctx, cfg, s.Name, argv)
		return err
	})
	if err != nil {
		out.Err = err
		return out
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		out.Err = err
		return out
	}
	lat, logged, err := parseH2loadLog(string(log))
	if err != nil {
		out.Err = fmt.Errorf("%s: %v", s.Name, err)
		return out
	}
	out.Wrk = wrkResult{Requests: uint64(ok), RPS: rps, P50: percentile(lat, 0.50), P99: percentile(lat, 0.99)}
	if logged > 0 {
		// The log holds the warm-up's requests too, as the CPU time does.
		out.CPUPerReq = cpu / time.Duration(logged)
	}
	out.Busy = float64(cpu) / float64(wall)
	if ok == 0 {
		out.Err = fmt.Errorf("%s: no Check succeeded", s.Name)
	}
	if err := r.alive(); err != nil {
		out.Err = err
	}
	return out
}

// parseH2loadLog reads h2load's --log-file (start µs, status, elapsed µs
// per request) and returns the elapsed times of the answered requests,
// sorted, and how many requests it lists.
func parseH2loadLog(log string) (lat []time.Duration, n int, err error) {
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if line == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			return nil, 0, fmt.Errorf("h2load log line %q: want start, status, elapsed", line)
		}
		n++
		if f[1] != "200" {
			continue
		}
		us, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, 0, fmt.Errorf("h2load log line %q: %w", line, err)
		}
		lat = append(lat, time.Duration(us)*time.Microsecond)
	}
	slices.Sort(lat)
	return lat, n, nil
}

// percentile returns the q-quantile of sorted (nearest rank), 0 for none.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*q+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
