package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The concurrency × connection-mode table (bench/run -matrix): every server
// under wrk at each number of connections, with keep-alive and with a new
// connection per request, and under pace at a realistic probe load.

// matrixModes are the connection modes of the table: wrk's extra headers.
var matrixModes = []struct {
	Name    string
	Headers []string
}{
	{"keep-alive", nil},
	{"close", []string{"Connection: close"}},
}

// matrixServers are the servers the table is about, when -servers is not given.
var matrixServers = []string{"healthlite-loop", "healthlite-fasthttp", "healthlite-stdlib", "raw-fasthttp", "nginx"}

// Probe load of the table's last section: 1,000 req/s from 100 connections,
// for pacedDuration a round.
const (
	paceRate  = 1000
	paceConns = 100
	// paceMin is the shortest paced round: at 1,000 req/s, 2 s rounds make
	// p99 the 20th-slowest request, one stall of a shared machine, and the
	// CPU time (in 10 ms ticks) a coarse 20 ticks.
	paceMin = 10 * time.Second
	// paceMax bounds a paced round however long -duration is.
	paceMax = 60 * time.Second
)

// pacedDuration is how long a paced round lasts for a -duration of d: d in
// whole seconds, between paceMin and paceMax.
func pacedDuration(d time.Duration) time.Duration {
	return min(max(d.Round(time.Second), paceMin), paceMax)
}

// cell is one measured run of the table.
type cell struct {
	Conns int
	Mode  string // a matrixModes name, or "paced"
	sample
}

// paceResult is pace's one-line report.
type paceResult struct {
	Requests, Errors int
	P50, P99, Max    time.Duration
}

// parsePace reads "requests N errors E p50 D p99 D max D".
func parsePace(out string) (paceResult, error) {
	var r paceResult
	f := strings.Fields(strings.TrimSpace(out))
	if len(f) != 10 || f[0] != "requests" || f[2] != "errors" || f[4] != "p50" || f[6] != "p99" || f[8] != "max" {
		return r, fmt.Errorf("pace printed %q, want \"requests N errors E p50 D p99 D max D\"", strings.TrimSpace(out))
	}
	var err error
	if r.Requests, err = strconv.Atoi(f[1]); err != nil {
		return r, fmt.Errorf("pace requests: %w", err)
	}
	if r.Errors, err = strconv.Atoi(f[3]); err != nil {
		return r, fmt.Errorf("pace errors: %w", err)
	}
	for i, d := range []*time.Duration{&r.P50, &r.P99, &r.Max} {
		if *d, err = time.ParseDuration(f[5+2*i]); err != nil {
			return r, fmt.Errorf("pace latency: %w", err)
		}
	}
	return r, nil
}

// buildPace compiles bench/pace into binDir.
func buildPace(ctx context.Context, benchDir, binDir string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(binDir, "pace"), "./pace")
	cmd.Dir = benchDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build pace: %w\n%s", err, out)
	}
	return nil
}

// measurePaced starts s and loads it with pace (placed as wrk) for
// pacedDuration(cfg.Duration).
func measurePaced(ctx context.Context, cfg config, s server, repeat int) cell {
	out := cell{Conns: paceConns, Mode: "paced", sample: sample{Server: s.Name, Repeat: repeat}}
	r, err := start(ctx, cfg.BenchDir, cfg.BinDir, cfg.Server, s)
	if err != nil {
		out.Err = err
		return out
	}
	defer r.stop()
	secs := int(pacedDuration(cfg.Duration) / time.Second)
	pctx, cancel := context.WithTimeout(ctx, time.Duration(secs)*time.Second+30*time.Second)
	defer cancel()
	argv := []string{filepath.Join(cfg.BinDir, "pace"), "-url", r.url, "-rate", strconv.Itoa(paceRate), "-c", strconv.Itoa(paceConns), "-d", strconv.Itoa(secs) + "s"}
	var b []byte
	cpu, _, err := r.cpuDuring(func() error {
		var err error
		if b, err = cfg.Wrk.Place.run(pctx, "", []string{"GOMAXPROCS=1"}, argv); err != nil {
			return fmt.Errorf("pace %s: %w: %s", s.Name, err, strings.TrimSpace(string(b)))
		}
		return nil
	})
	if err != nil {
		out.Err = err
		return out
	}
	p, err := parsePace(string(b))
	if err != nil {
		out.Err = err
		return out
	}
	out.Wrk = wrkResult{Requests: uint64(p.Requests), RPS: float64(p.Requests) / float64(secs), P50: p.P50, P99: p.P99}
	if p.Requests > 0 {
		out.CPUPerReq = cpu / time.Duration(p.Requests)
	}
	if p.Requests == 0 {
		out.Err = fmt.Errorf("%s: no request completed under pace", s.Name)
	}
	return out
}

// runMatrix measures every server in every cell of the table, cfg.Repeats
// rounds, the servers interleaved within each cell so that each cell's
// ratios are paired by round.
func runMatrix(ctx context.Context, cfg config, list []server, conns []int, logf func(string)) []cell {
	var all []cell
	for rep := 1; rep <= cfg.Repeats; rep++ {
		for _, n := range conns {
			for _, m := range matrixModes {
				c := cfg
				c.Wrk.Connections, c.Wrk.Headers = n, m.Headers
				c.Wrk.Threads = min(c.Wrk.Threads, n)
				for _, s := range list {
					sm := measure(ctx, c, s, rep)
					all = append(all, cell{Conns: n, Mode: m.Name, sample: sm})
					logCell(logf, rep, cfg.Repeats, all[len(all)-1])
				}
			}
		}
		for _, s := range list {
			all = append(all, measurePaced(ctx, cfg, s, rep))
			logCell(logf, rep, cfg.Repeats, all[len(all)-1])
		}
	}
	return all
}

func logCell(logf func(string), rep, repeats int, c cell) {
	head := fmt.Sprintf("round %d/%d -c%-3d %-10s %-20s", rep, repeats, c.Conns, c.Mode, c.Server)
	if c.Err != nil {
		logf(head + " FAILED: " + c.Err.Error())
		return
	}
	logf(fmt.Sprintf("%s %8.0f req/s  cpu %s/req  p50 %s  p99 %s  busy %3.0f%%", head, c.Wrk.RPS, c.CPUPerReq, c.Wrk.P50, c.Wrk.P99, 100*c.Busy))
}

// matrixMarkdown renders the table: for each cell and server the medians
// of the rounds, and the median of the per-round ratios to ref (nginx) of
// req/s and CPU/req.
func matrixMarkdown(all []cell, list []server, conns []int, ref string, cfg config, load0, load1 string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Concurrency × connection mode (`bench/run -matrix`)\n\n")
	fmt.Fprintf(&b, "GET /healthz; each server alone on CPU %s (GOMAXPROCS=1), `wrk -t1 --latency` on CPU %s; %s warm-up, %s measured, %d rounds, servers interleaved within each cell; load average %s before, %s after. "+
		"Figures are medians of the rounds; × %s is the median of the per-round ratios (req/s: higher is better; CPU/req: lower is better). "+
		"`close` sends `Connection: close`: a new TCP connection per request, as the kubelet and HAProxy probe. "+
		"`paced` is `bench/pace` at %d req/s from %d kept-alive connections for %s a round (at least %s whatever -duration says, so that p99 is not one stall of the machine), latency counted from when each request was due.\n\n",
		cfg.Server.CPU, cfg.Wrk.Place.CPU, cfg.Warmup, cfg.Duration, cfg.Repeats, load0, load1, ref, paceRate, paceConns, pacedDuration(cfg.Duration), paceMin)
	if slices.ContainsFunc(list, func(s server) bool { return s.Name == "healthlite-loop" }) {
		b.WriteString("healthlite-loop is healthlite-fasthttp with `Server.EventLoop`: probes (GET and HEAD over plain HTTP/1.1, /metrics scrapes included) are read and answered by one epoll loop, one read and one write a request as nginx does, and every other connection is handed to fasthttp. " +
			"healthlite-fasthttp serves everything with fasthttp's goroutine per connection.\n\n")
	}
	type key = matrixKey
	var keys []key
	for _, n := range conns {
		for _, m := range matrixModes {
			keys = append(keys, key{n, m.Name})
		}
	}
	keys = append(keys, key{paceConns, "paced"})
	matrixRows(&b, all, list, keys, ref)
	if hasMode(all, "metrics") {
		var scrapers []server
		for _, s := range list {
			if s.Transport || s.Nginx {
				scrapers = append(scrapers, s)
			}
		}
		fmt.Fprintf(&b, "\n### /metrics scrapes\n\n"+
			"GET /metrics with a Prometheus 3 scrape's Accept header (healthlite answers OpenMetrics text, %d bytes), kept-alive connections, placed and paired as above; "+
			"nginx serves the same bytes (healthlite's answer, captured before the rounds) as a static file, its open file cached: "+
			"the least a server can do per scrape. × %s as above.\n\n", len(nginxMetrics.Body), ref)
		matrixRows(&b, all, scrapers, modeKeys(metricsConns, "metrics"), ref)
	}
	if hasMode(all, "grpc") {
		fmt.Fprintf(&b, "\n### gRPC health Check\n\n"+
			"`h2load -t1 -m1` (one stream per connection) sending `grpc.health.v1.Health/Check` for the whole service, placed as wrk above; "+
			"healthlite-fasthttp and healthlite-loop serve it on their HTTP port (the h2c split: healthlite-loop's event loop hands each h2c connection to fasthttp, so both serve gRPC alike), %s is grpc-go's own health server. "+
			"CPU/req counts the warm-up's requests and CPU time alike; p50/p99 from h2load's per-request log. × %s is the median of the per-round ratios to it.\n\n", grpcRef, grpcRef)
		matrixRows(&b, all, grpcServers, modeKeys(conns, "grpc"), grpcRef)
	}
	return b.String()
}

// modeKeys returns the row groups of one mode, one per connection count.
func modeKeys(conns []int, mode string) []matrixKey {
	keys := make([]matrixKey, len(conns))
	for i, n := range conns {
		keys[i] = matrixKey{n, mode}
	}
	return keys
}

// matrixKey is one row group of the table: a connection count and a mode.
type matrixKey struct {
	conns int
	mode  string
}

// hasMode reports whether any cell of all is of mode.
func hasMode(all []cell, mode string) bool {
	return slices.ContainsFunc(all, func(c cell) bool { return c.Mode == mode })
}

// matrixRows renders the table's head and, for each key and server of
// list, the medians of the rounds and the median of the per-round ratios
// to ref of req/s and CPU/req.
func matrixRows(b *strings.Builder, all []cell, list []server, keys []matrixKey, ref string) {
	b.WriteString("| conns | mode | server | req/s | × " + ref + " | CPU/req | × " + ref + " | p50 | p99 | runs |\n")
	b.WriteString("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, k := range keys {
		for _, s := range list {
			var rps, rpsRatio, cpuRatio []float64
			var cpu, p50, p99 []time.Duration
			for _, c := range all {
				if c.Conns != k.conns || c.Mode != k.mode || c.Server != s.Name || c.Err != nil {
					continue
				}
				rps = append(rps, c.Wrk.RPS)
				cpu = append(cpu, c.CPUPerReq)
				p50 = append(p50, c.Wrk.P50)
				p99 = append(p99, c.Wrk.P99)
				if r, ok := pairedCell(all, c, ref); ok {
					rpsRatio = append(rpsRatio, c.Wrk.RPS/r.Wrk.RPS)
					if r.CPUPerReq > 0 {
						cpuRatio = append(cpuRatio, float64(c.CPUPerReq)/float64(r.CPUPerReq))
					}
				}
			}
			if len(rps) == 0 {
				fmt.Fprintf(b, "| %d | %s | %s | failed | | | | | | 0 |\n", k.conns, k.mode, s.Name)
				continue
			}
			rr, cr := "—", "—"
			if s.Name != ref && len(rpsRatio) > 0 {
				rr = fmtRatio(median(rpsRatio))
			}
			if s.Name != ref && len(cpuRatio) > 0 {
				cr = fmtRatio(median(cpuRatio))
			}
			fmt.Fprintf(b, "| %d | %s | %s | %.0f | %s | %s | %s | %s | %s | %d |\n",
				k.conns, k.mode, s.Name, median(rps), rr, fmtMicros(median(cpu)), cr, fmtLatency(median(p50)), fmtLatency(median(p99)), len(rps))
		}
	}
}

// pairedCell returns ref's clean run in c's cell and round.
func pairedCell(all []cell, c cell, ref string) (cell, bool) {
	i := slices.IndexFunc(all, func(o cell) bool {
		return o.Server == ref && o.Conns == c.Conns && o.Mode == c.Mode && o.Repeat == c.Repeat && o.Err == nil
	})
	if i < 0 {
		return cell{}, false
	}
	return all[i], true
}

// parseConns reads a comma-separated list of connection counts.
func parseConns(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 10000 {
			return nil, fmt.Errorf("-matrix-conns %q: want a comma-separated list of counts from 1 to 10000", s)
		}
		out = append(out, n)
	}
	return out, nil
}
