package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/healthlite/healthlite/transport/grpchealth"
)

// grpcServers are the contestants of the gRPC rows: healthlite's fasthttp
// bench servers (gRPC on their HTTP port; healthlite-loop's event loop hands
// h2c connections to fasthttp) and, last, grpc-go's own health server,
// grpcRef.
var grpcServers = []server{
	{Name: "healthlite-fasthttp", Go: true},
	{Name: "healthlite-loop", Go: true},
	{Name: grpcRef, Go: true, GRPCOnly: true},
}

// grpcRef is the server the gRPC rows compare with: grpc-go's health server.
const grpcRef = "grpc-go-health"

// grpcHealthlite returns the healthlite servers of the gRPC rows.
func grpcHealthlite() []server {
	var out []server
	for _, s := range grpcServers {
		if s.Name != grpcRef {
			out = append(out, s)
		}
	}
	return out
}

// grpcStreams are the table's columns: concurrent streams per connection.
var grpcStreams = []int{1, 10}

// grpcConnections is h2load's connection count, as in the table.
const grpcConnections = 32

// grpcSample is one h2load run of Check against one server.
type grpcSample struct {
	Server       string
	Streams      int
	Repeat       int
	RPS          float64
	CPUPerReq    time.Duration // server utime+stime (warm-up included) / requests
	AllocsPerReq float64       // NaN when not read
	Err          error
}

// h2loadSummary matches h2load's "finished in 5.00s, 25000.00 req/s, …".
var (
	h2loadFinished = regexp.MustCompile(`finished in [0-9.]+m?s, ([0-9.]+) req/s`)
	h2loadRequests = regexp.MustCompile(`requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout`)
)

// runGRPC starts the gRPC servers and loads each with h2load's Check
// requests, for every column and round, servers interleaved.
func runGRPC(ctx context.Context, cfg config, logf func(string)) ([]grpcSample, string) {
	if _, err := exec.LookPath("h2load"); err != nil {
		return nil, "h2load not found in PATH (apt-get install -y nghttp2-client)"
	}
	if err := build(ctx, cfg.BenchDir, cfg.BinDir, grpcServers); err != nil {
		return nil, err.Error()
	}
	body := filepath.Join(cfg.BinDir, "check-request.bin")
	if err := os.WriteFile(body, []byte{0, 0, 0, 0, 0}, 0o644); err != nil { // an empty HealthCheckRequest, framed
		return nil, err.Error()
	}
	var running []*running
	defer func() {
		for _, r := range running {
			r.stop()
		}
	}()
	for _, s := range grpcServers {
		r, err := start(ctx, cfg.BenchDir, cfg.BinDir, cfg.Server, s)
		if err != nil {
			return nil, err.Error()
		}
		running = append(running, r)
	}
	var out []grpcSample
	for round := 0; round < cfg.Repeats; round++ {
		for _, m := range grpcStreams {
			for _, r := range running {
				logf(fmt.Sprintf("h2load: %s, %d stream(s) per connection, round %d", r.srv.Name, m, round+1))
				x := h2loadRun(ctx, cfg, r, m, body)
				x.Repeat = round
				out = append(out, x)
			}
		}
	}
	return out, ""
}

// h2loadCheck is the h2load command that sends
// grpc.health.v1.Health/Check with body to the server whose /healthz is at
// healthzURL, from conns connections with streams streams each, for
// cfg.Duration after cfg.Warmup; extra options come before the URL.
func h2loadCheck(cfg config, healthzURL string, conns, streams int, body string, extra ...string) []string {
	secs := max(int(cfg.Duration/time.Second), 1)
	argv := []string{"h2load", "-t", "1", "-c", strconv.Itoa(conns), "-m", strconv.Itoa(streams),
		"-D", strconv.Itoa(secs), "-d", body, "-H", "content-type: application/grpc", "-H", "te: trailers"}
	if w := int(cfg.Warmup / time.Second); w > 0 {
		argv = append(argv, "--warm-up-time", strconv.Itoa(w))
	}
	argv = append(argv, extra...)
	return append(argv, strings.TrimSuffix(healthzURL, "/healthz")+"/grpc.health.v1.Health/Check")
}

// runH2load runs argv where the load generator is placed and reads
// h2load's summary: requests per second and succeeded requests. Its errors
// name the server.
func runH2load(ctx context.Context, cfg config, server string, argv []string) (rps float64, ok int, err error) {
	res, err := cfg.Wrk.Place.run(ctx, "", nil, argv)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: h2load: %v: %s", server, err, oneLine(string(res)))
	}
	rps, ok, err = parseH2load(string(res))
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v", server, err)
	}
	return rps, ok, nil
}

// h2loadRun loads r with Check for cfg.Duration (after cfg.Warmup).
func h2loadRun(ctx context.Context, cfg config, r *running, streams int, body string) grpcSample {
	out := grpcSample{Server: r.srv.Name, Streams: streams, AllocsPerReq: math.NaN()}
	before, err := r.counters()
	if err != nil {
		out.Err = err
		return out
	}
	rps, ok, err := runH2load(ctx, cfg, r.srv.Name, h2loadCheck(cfg, r.url, grpcConnections, streams, body))
	if err != nil {
		out.Err = err
		return out
	}
	out.RPS = rps
	after, err := r.counters()
	if err != nil {
		out.Err = err
		return out
	}
	// The warm-up's requests are counted too; h2load does not report them.
	out.CPUPerReq, out.AllocsPerReq = perRequest(before, after, uint64(ok))
	if err := r.alive(); err != nil {
		out.Err = err
	}
	return out
}

// grpcReady asks the server of url (its /healthz URL) for gRPC Check.
func grpcReady(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/healthz")
	st, err := grpchealth.Check(ctx, addr, "")
	if err == nil && st != grpchealth.StatusServing {
		err = fmt.Errorf("gRPC Check: %v", st)
	}
	return err
}

// parseH2load returns the request rate and the succeeded count of an h2load
// run, or an error when any request failed or none succeeded.
func parseH2load(out string) (rps float64, ok int, err error) {
	f := h2loadFinished.FindStringSubmatch(out)
	q := h2loadRequests.FindStringSubmatch(out)
	if f == nil || q == nil {
		return 0, 0, fmt.Errorf("h2load output not understood: %s", oneLine(out))
	}
	rps, _ = strconv.ParseFloat(f[1], 64)
	ok, _ = strconv.Atoi(q[4])
	failed, _ := strconv.Atoi(q[5])
	errored, _ := strconv.Atoi(q[6])
	timeout, _ := strconv.Atoi(q[7])
	if failed+errored+timeout > 0 || ok == 0 {
		return 0, 0, fmt.Errorf("h2load: %d succeeded, %d failed, %d errored, %d timed out", ok, failed, errored, timeout)
	}
	return rps, ok, nil
}

// grpcMarkdown renders the gRPC table: the median of the rounds per server
// and column, and healthlite's ratio to grpc-go.
func grpcMarkdown(all []grpcSample, errMsg string, chart bool) string {
	var b strings.Builder
	b.WriteString("## gRPC Check (h2load), one core each\n\n")
	if errMsg != "" {
		fmt.Fprintf(&b, "Not run: %s\n\n", oneLine(errMsg))
		return b.String()
	}
	if len(all) == 0 {
		b.WriteString("Not run.\n\n")
		return b.String()
	}
	fmt.Fprintf(&b, "`h2load -c%d -m STREAMS` pinned like wrk, `Check` with an empty service; healthlite serves gRPC on its HTTP port.\n\n", grpcConnections)
	b.WriteString("| server | streams/conn | req/s | × grpc-go-health | CPU/req | × by CPU | allocs/req |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	type cell struct {
		rps, allocs  float64
		cpu          time.Duration
		runs, failed int
	}
	cells := map[string]*cell{}
	for _, m := range grpcStreams {
		for _, s := range grpcServers {
			c := &cell{allocs: math.NaN()}
			var rps, allocs []float64
			var cpu []time.Duration
			for _, x := range all {
				if x.Server != s.Name || x.Streams != m {
					continue
				}
				if x.Err != nil {
					c.failed++
					continue
				}
				rps = append(rps, x.RPS)
				if x.CPUPerReq > 0 {
					cpu = append(cpu, x.CPUPerReq)
				}
				if !math.IsNaN(x.AllocsPerReq) {
					allocs = append(allocs, x.AllocsPerReq)
				}
			}
			if c.runs = len(rps); c.runs > 0 {
				c.rps = median(rps)
			}
			if len(cpu) > 0 {
				c.cpu = median(cpu)
			}
			if len(allocs) > 0 {
				c.allocs = median(allocs)
			}
			cells[s.Name+"/"+strconv.Itoa(m)] = c
		}
	}
	for _, m := range grpcStreams {
		peer := cells[grpcRef+"/"+strconv.Itoa(m)]
		for _, s := range grpcServers {
			c := cells[s.Name+"/"+strconv.Itoa(m)]
			if c.runs == 0 {
				fmt.Fprintf(&b, "| %s | %d | failed (%d runs) | — | — | — | — |\n", s.Name, m, c.failed)
				continue
			}
			ratio, byCPU, cpu, a := "—", "—", "—", "—"
			if s.Name != grpcRef && peer.runs > 0 {
				ratio = fmt.Sprintf("%.2f", c.rps/peer.rps)
				if c.cpu > 0 && peer.cpu > 0 {
					byCPU = fmt.Sprintf("%.2f", float64(peer.cpu)/float64(c.cpu))
				}
			}
			if c.cpu > 0 {
				cpu = fmt.Sprintf("%.1f µs", float64(c.cpu)/float64(time.Microsecond))
			}
			if !math.IsNaN(c.allocs) {
				a = fmt.Sprintf("%.3f", c.allocs)
			}
			fmt.Fprintf(&b, "| %s | %d | %.0f | %s | %s | %s | %s |\n", s.Name, m, c.rps, ratio, cpu, byCPU, a)
		}
	}
	b.WriteString("\n")
	var verdicts []string
	for _, s := range grpcHealthlite() {
		var got []string
		met := true
		for _, m := range grpcStreams {
			ratios := grpcPairedRatios(all, s.Name, grpcRef, m)
			c := cells[s.Name+"/"+strconv.Itoa(m)]
			if len(ratios) == 0 || math.IsNaN(c.allocs) {
				met = false
				got = append(got, fmt.Sprintf("%d stream(s) not measured", m))
				continue
			}
			got = append(got, fmt.Sprintf("%s with %d stream(s), %.3f allocs/req", describeRatios(ratios), m, c.allocs))
			met = met && median(ratios) >= 2 && c.allocs < zeroAllocGoalTolerance
		}
		verdicts = append(verdicts, fmt.Sprintf("%s %s; %s", s.Name, strings.Join(got, ", "), map[bool]string{true: "met", false: "not met"}[met]))
	}
	fmt.Fprintf(&b, "Issue 12's goal, healthlite ≥ 2× grpc-go's health server in both columns with 0 allocations per request, judged on the median of the per-round ratios (range in brackets): %s.\n\n",
		strings.Join(verdicts, "; "))
	if chart {
		b.WriteString("![gRPC Check requests per second](grpc.svg)\n\n")
	}
	for _, x := range all {
		if x.Err != nil {
			fmt.Fprintf(&b, "Failed: %s\n\n", oneLine(x.Err.Error()))
		}
	}
	return b.String()
}

// grpcPairedRatios is a's req/s over b's in each round both ran with streams
// streams per connection.
func grpcPairedRatios(all []grpcSample, a, b string, streams int) []float64 {
	var out []float64
	for _, x := range all {
		if x.Server != a || x.Streams != streams || x.Err != nil {
			continue
		}
		for _, y := range all {
			if y.Server == b && y.Streams == streams && y.Repeat == x.Repeat && y.Err == nil && y.RPS > 0 {
				out = append(out, x.RPS/y.RPS)
			}
		}
	}
	return out
}

// grpcSummaries turns the gRPC runs into one summary a server and column
// (named "SERVER, N stream(s)"), for the chart.
func grpcSummaries(all []grpcSample) []summary {
	var out []summary
	for _, m := range grpcStreams {
		for _, s := range grpcServers {
			sum := summary{Server: fmt.Sprintf("%s, %d stream(s)", s.Name, m), AllocsPerReq: math.NaN()}
			var rps []float64
			var cpu []time.Duration
			for _, x := range all {
				if x.Server == s.Name && x.Streams == m && x.Err == nil {
					rps = append(rps, x.RPS)
					if x.CPUPerReq > 0 {
						cpu = append(cpu, x.CPUPerReq)
					}
				}
			}
			if sum.Runs = len(rps); sum.Runs > 0 {
				sum.RPS, sum.MinRPS, sum.MaxRPS = median(rps), slices.Min(rps), slices.Max(rps)
			}
			if len(cpu) > 0 {
				sum.CPUPerReq = median(cpu)
			}
			out = append(out, sum)
		}
	}
	return out
}
