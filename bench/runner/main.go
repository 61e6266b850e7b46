// Command runner is the load benchmark of healthlite, run as bench/run.
//
// It builds the servers under bench/servers, runs each alone on one core
// (taskset, GOMAXPROCS=1) under wrk pinned to the other core, interleaved and
// repeated, and writes bench/results/RESULTS.md and throughput.svg. It also
// runs the Go microbenchmarks of bench/metricsbench, ../transport and ../wasm
// and times `healthlite probe` against `curl` with hyperfine.
//
//	bench/run               full run (5 rounds of 5 s each) → results/
//	bench/run --quick       every server once for 1 s; table on stdout; exit 1 on any failure
//	bench/run --soak 60s    full load on each healthlite transport, then a connection flood past
//	                        the cap of the binary; exit 1 on errors, leaks or a failed probe
//
// Every server listens on 127.0.0.1 only; every load run is bounded in time.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench/run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quick := fs.Bool("quick", false, "run every server once for 1s, print the table, write nothing; exit 1 if any server fails")
	soakFor := fs.Duration("soak", 0, "instead of the benchmark, load each healthlite transport for this long and check errors, RSS and goroutines")
	only := fs.String("servers", "", "comma-separated servers to run; by default all")
	duration := fs.Duration("duration", 5*time.Second, "measured load per run (whole seconds)")
	warmup := fs.Duration("warmup", time.Second, "unmeasured load before each run; 0 for none")
	repeats := fs.Int("repeats", 5, "rounds; every server runs once per round, interleaved")
	conns := fs.Int("connections", 64, "wrk connections")
	threads := fs.Int("threads", 1, "wrk threads")
	serverCPU := fs.String("server-cpu", "0", "taskset CPU list for the servers")
	wrkCPU := fs.String("wrk-cpu", "1", "taskset CPU list for wrk and hyperfine")
	nice := fs.Int("nice", 0, "nice increment for servers, wrk, hyperfine and microbenchmarks; negative raises their priority over other work on a shared machine (root only)")
	out := fs.String("out", "results", "directory for RESULTS.md, throughput.svg and cpu.svg, relative to bench/ (full run only)")
	micro := fs.Bool("micro", true, "run the Go microbenchmarks and the probe timing (full run only)")
	profile := fs.String("profile", "", "directory for a CPU profile of every Go server's measured run (NAME-ROUND.pprof); off by default")
	benchtime := fs.Duration("benchtime", 500*time.Millisecond, "-benchtime of each microbenchmark")
	matrix := fs.Bool("matrix", false, "instead of the benchmark, the concurrency × connection-mode table (keep-alive and Connection: close at each of -matrix-conns, then 1,000 req/s from 100 connections) → results/MATRIX.md")
	matrixConns := fs.String("matrix-conns", "1,32,64,256", "connection counts of the -matrix table")
	grpcRows := fs.Bool("grpc", true, "also load gRPC health Check with h2load: healthlite against grpc-go's health server (with -matrix: at each of -matrix-conns)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "bench/run: unexpected argument %q (flags only; see -h)\n", fs.Arg(0))
		return 2
	}
	if *repeats < 1 || *conns < 1 || *threads < 1 || *threads > *conns {
		fmt.Fprintln(stderr, "bench/run: -repeats, -connections and -threads must be at least 1, and -threads at most -connections")
		return 2
	}
	sel := *only
	if *matrix && sel == "" {
		sel = strings.Join(matrixServers, ",")
	}
	list, err := selectServers(sel)
	if err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 2
	}
	benchDir, err := findBenchDir()
	if err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 2
	}
	for _, tool := range []string{"wrk", "taskset"} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Fprintf(stderr, "bench/run: %s not found in PATH (apt-get install -y wrk util-linux)\n", tool)
			return 2
		}
	}
	binDir, err := os.MkdirTemp("", "healthlite-bench-")
	if err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 1
	}
	defer os.RemoveAll(binDir)

	cfg := config{
		BenchDir: benchDir, BinDir: binDir, Server: placement{CPU: *serverCPU, Nice: *nice},
		Wrk:      wrkArgs{Place: placement{CPU: *wrkCPU, Nice: *nice}, Threads: *threads, Connections: *conns},
		Duration: *duration, Warmup: *warmup, Repeats: *repeats,
	}
	if *profile != "" {
		if cfg.ProfileDir, err = filepath.Abs(*profile); err != nil {
			fmt.Fprintln(stderr, "bench/run:", err)
			return 2
		}
	}
	logf := func(s string) { fmt.Fprintln(stderr, s) }
	switch {
	case *soakFor > 0:
		var transports []server
		for _, s := range list {
			if s.Transport {
				transports = append(transports, s)
			}
		}
		if len(transports) == 0 {
			fmt.Fprintln(stderr, "bench/run: --soak needs a healthlite transport among -servers")
			return 2
		}
		if status := buildServers(ctx, benchDir, binDir, transports, stderr); status != 0 {
			return status
		}
		var rs []soakResult
		failed := false
		for _, s := range transports {
			logf(fmt.Sprintf("soaking %s for %s", s.Name, *soakFor))
			r := soak(ctx, cfg, s, *soakFor)
			rs = append(rs, r)
			failed = failed || len(r.Problems) > 0
		}
		fmt.Fprint(stdout, soakTable(rs, *soakFor, cfg))
		bin, err := buildHealthlite(ctx, benchDir, binDir)
		if err != nil {
			fmt.Fprintln(stderr, "bench/run:", err)
			return 1
		}
		var floods []floodResult
		for _, s := range transports {
			tr := s.Binary
			if tr == "" {
				logf(fmt.Sprintf("no connection flood for %s: the healthlite binary has no transport that serves as it does", s.Name))
				continue
			}
			logf(fmt.Sprintf("flooding healthlite serve --transport %s with connections for %s", tr, floodDuration(*soakFor)))
			r := soakFlood(ctx, bin, tr, floodDuration(*soakFor))
			floods = append(floods, r)
			failed = failed || len(r.Problems) > 0
		}
		fmt.Fprint(stdout, floodTable(floods))
		if failed {
			return 1
		}
		return 0
	case *matrix:
		return runMatrixCmd(ctx, cfg, list, *matrixConns, *grpcRows, *out, stdout, stderr)
	case *quick:
		cfg.Duration, cfg.Warmup, cfg.Repeats = time.Second, 0, 1
	}
	if status := buildServers(ctx, benchDir, binDir, list, stderr); status != 0 {
		return status
	}
	rep := report{Machine: describeMachine(ctx, benchDir), Config: cfg}
	all := runLoad(ctx, cfg, list, logf)
	if *grpcRows {
		rep.GRPC, rep.GRPCErr = runGRPC(ctx, cfg, logf)
		for _, s := range rep.GRPC {
			if s.Err != nil {
				rep.GRPCFailed++
			}
		}
	}
	rep.Machine.LoadAvg1 = loadAvg()
	rep.All, rep.Sums = all, summarize(list, all)
	for _, s := range all {
		if s.Err != nil {
			rep.Failed = append(rep.Failed, s)
		}
	}
	if *quick {
		fmt.Fprint(stdout, rep.markdown())
		if rep.GRPCFailed > 0 || rep.GRPCErr != "" {
			fmt.Fprintf(stderr, "bench/run: gRPC rows: %d runs failed %s\n", rep.GRPCFailed, rep.GRPCErr)
			return 1
		}
		if len(rep.Failed) > 0 {
			fmt.Fprintf(stderr, "bench/run: %d of %d runs failed\n", len(rep.Failed), len(all))
			return 1
		}
		return 0
	}
	if *micro {
		rep.Micro, rep.MicroErrs = runAllMicro(ctx, benchDir, binDir, cfg.Server, *benchtime, logf)
		rep.Probe, rep.ProbeErr = probeAgainst(ctx, cfg, logf)
	}
	outDir := *out
	if !filepath.IsAbs(outDir) {
		outDir = filepath.Join(benchDir, outDir)
	}
	if _, err := os.Stat(filepath.Join(outDir, "notes.md")); err == nil {
		rep.Notes = true
	}
	if _, err := os.Stat(filepath.Join(outDir, "MATRIX.md")); err == nil {
		rep.Matrix = true
	}
	status := 0
	day := rep.Machine.Date.Format("2006-01-02")
	for _, c := range []struct {
		file, title, xLabel string
		value               func(summary) bar
	}{
		{"throughput.svg", "GET /healthz, server and wrk on one core each (" + day + ")", "requests/s (median of the rounds; whiskers: min–max)", throughputBar},
		{"cpu.svg", "GET /healthz: requests per CPU-second of the server (" + day + ")", "requests per second of server CPU time (utime+stime), median of the rounds", efficiencyBar},
	} {
		svg, err := chartSVG(rep.Sums, c.title, c.xLabel, c.value)
		if err != nil {
			fmt.Fprintln(stderr, "bench/run:", err)
			status = 1
			continue
		}
		if err := writeFileAtomic(filepath.Join(outDir, c.file), svg); err != nil {
			fmt.Fprintln(stderr, "bench/run:", err)
			return 1
		}
	}
	if len(rep.GRPC) > 0 {
		svg, err := chartSVG(grpcSummaries(rep.GRPC), "gRPC Check with h2load, server and h2load on one core each ("+day+")", "requests/s (median of the rounds; whiskers: min–max)", throughputBar)
		if err == nil {
			err = writeFileAtomic(filepath.Join(outDir, "grpc.svg"), svg)
		}
		if err != nil {
			fmt.Fprintln(stderr, "bench/run:", err)
			status = 1
		}
		rep.GRPCChart = err == nil
	}
	if err := writeFileAtomic(filepath.Join(outDir, "RESULTS.md"), []byte(rep.markdown())); err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(outDir, "RESULTS.md"))
	if len(rep.Failed) > 0 {
		fmt.Fprintf(stderr, "bench/run: %d of %d runs failed\n", len(rep.Failed), len(all))
		status = 1
	}
	return status
}

// runMatrixCmd is bench/run -matrix: it prints the table and writes it to
// outDir/MATRIX.md. Its /metrics rows run when a healthlite transport is
// among list, its gRPC rows when grpc is true.
func runMatrixCmd(ctx context.Context, cfg config, list []server, connList string, grpc bool, outDir string, stdout, stderr io.Writer) int {
	conns, err := parseConns(connList)
	if err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 2
	}
	if status := buildServers(ctx, cfg.BenchDir, cfg.BinDir, list, stderr); status != 0 {
		return status
	}
	if err := buildPace(ctx, cfg.BenchDir, cfg.BinDir); err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 1
	}
	if grpc {
		if _, err := exec.LookPath("h2load"); err != nil {
			fmt.Fprintln(stderr, "bench/run: h2load not found in PATH (apt-get install -y nghttp2-client), or leave the gRPC rows out with -grpc=false")
			return 2
		}
	}
	logf := func(s string) { fmt.Fprintln(stderr, s) }
	for _, s := range list {
		if s.Transport {
			if err := captureMetrics(ctx, cfg, s); err != nil {
				fmt.Fprintln(stderr, "bench/run: /metrics for nginx:", err)
				return 1
			}
			break
		}
	}
	load0 := loadAvg()
	all := runMatrix(ctx, cfg, list, conns, logf)
	all = append(all, runMatrixMetrics(ctx, cfg, list, logf)...)
	if grpc {
		g, err := runMatrixGRPC(ctx, cfg, conns, logf)
		if err != nil {
			fmt.Fprintln(stderr, "bench/run:", err)
			return 1
		}
		all = append(all, g...)
	}
	md := matrixMarkdown(all, list, conns, "nginx", cfg, load0, loadAvg())
	fmt.Fprint(stdout, md)
	if !filepath.IsAbs(outDir) {
		outDir = filepath.Join(cfg.BenchDir, outDir)
	}
	if err := writeFileAtomic(filepath.Join(outDir, "MATRIX.md"), []byte("# healthlite: probe cost by concurrency and connection mode\n\nGenerated by `bench/run -matrix`. Do not edit: run it again.\n\n"+md)); err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 1
	}
	failed := 0
	for _, c := range all {
		if c.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "bench/run: %d of %d runs failed\n", failed, len(all))
		return 1
	}
	return 0
}

// findBenchDir returns the bench module's directory: the working directory
// (bench/run changes into it), its bench/ subdirectory, or its parent (the
// runner's tests run in bench/runner).
func findBenchDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for _, d := range []string{wd, filepath.Join(wd, "bench"), filepath.Dir(wd)} {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/healthlite/healthlite/bench\n") {
			return d, nil
		}
	}
	return "", errors.New("not in the bench module: run it as bench/run from the repository")
}

// buildServers checks that nginx is installed when it is among list and
// builds the others, saying on stderr what failed. It returns the exit
// status: 0 when all is ready, 2 when nginx is missing, 1 when a build failed.
func buildServers(ctx context.Context, benchDir, binDir string, list []server, stderr io.Writer) int {
	if err := needNginx(list); err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 2
	}
	if err := build(ctx, benchDir, binDir, list); err != nil {
		fmt.Fprintln(stderr, "bench/run:", err)
		return 1
	}
	return 0
}

// needNginx reports a clear error when nginx is among the servers but not installed.
func needNginx(list []server) error {
	for _, s := range list {
		if s.Nginx {
			if _, err := exec.LookPath("nginx"); err != nil {
				return errors.New("nginx not found in PATH (apt-get install -y nginx-light), or leave it out with -servers")
			}
		}
	}
	return nil
}

// runAllMicro runs the microbenchmarks of bench/metricsbench, ../transport
// and ../wasm, whichever exist.
func runAllMicro(ctx context.Context, benchDir, binDir string, place placement, benchtime time.Duration, logf func(string)) ([]benchLine, []string) {
	var lines []benchLine
	var errs []string
	root := filepath.Dir(benchDir)
	for _, set := range []struct {
		root string
		dirs []string
	}{{benchDir, []string{"metricsbench"}}, {root, []string{"transport", "wasm"}}} {
		pkgs, err := benchPackages(set.root, set.dirs...)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		for _, p := range pkgs {
			logf("microbenchmarks: " + p)
			ls, err := runMicro(ctx, set.root, p, binDir, place, benchtime)
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			lines = append(lines, ls...)
		}
	}
	return lines, errs
}

// probeAgainst times `healthlite probe` against curl on a healthlite
// server on fasthttp.
func probeAgainst(ctx context.Context, cfg config, logf func(string)) ([]probeResult, string) {
	root := filepath.Dir(cfg.BenchDir)
	if !haveHealthlite(root) {
		return nil, "cmd/healthlite does not exist yet"
	}
	if _, err := exec.LookPath("hyperfine"); err != nil {
		return nil, "hyperfine not found in PATH (apt-get install -y hyperfine)"
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return nil, "curl not found in PATH (apt-get install -y curl)"
	}
	target := servers[0]
	if err := build(ctx, cfg.BenchDir, cfg.BinDir, []server{target}); err != nil {
		return nil, err.Error()
	}
	r, err := start(ctx, cfg.BenchDir, cfg.BinDir, cfg.Server, target)
	if err != nil {
		return nil, err.Error()
	}
	defer r.stop()
	logf("hyperfine: healthlite probe vs curl against " + target.Name)
	res, err := runProbe(ctx, root, cfg.BinDir, cfg.Wrk.Place, r.url)
	if err != nil {
		return nil, err.Error()
	}
	return res, ""
}
