package main

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/healthlite/healthlite/bench/internal/runstats"
)

// sample is one measured run of one server.
type sample struct {
	Server       string
	Repeat       int
	Wrk          wrkResult
	CPUPerReq    time.Duration // server utime+stime over the run / requests
	AllocsPerReq float64       // NaN when the server is not a Go program
	MaxRSS       uint64        // VmHWM in bytes at the end of the run
	Busy         float64       // server CPU time / wall time of the measured run (1 = one core saturated)
	Err          error         // why the run failed, when it did
}

// config holds the settings of a load run.
type config struct {
	BenchDir string
	BinDir   string
	Server   placement // where the servers run
	Wrk      wrkArgs
	Duration time.Duration // measured load per run
	Warmup   time.Duration // unmeasured load before it; 0 for none
	Repeats  int
	// Path is the path wrk loads; by default /healthz.
	Path string
	// ProfileDir, when set, receives a CPU profile of every Go server's
	// measured run (NAME-ROUND.pprof); profiling costs the server ~1%.
	ProfileDir string
}

// measure starts s, loads it (warm-up, then the measured run) and stops it.
func measure(ctx context.Context, cfg config, s server, repeat int) sample {
	out := sample{Server: s.Name, Repeat: repeat, AllocsPerReq: math.NaN()}
	r, err := start(ctx, cfg.BenchDir, cfg.BinDir, cfg.Server, s)
	if err != nil {
		out.Err = err
		return out
	}
	defer r.stop()
	url := r.url
	if cfg.Path != "" {
		url = strings.TrimSuffix(url, "/healthz") + cfg.Path
	}
	if cfg.Warmup > 0 {
		if _, err := runWrk(ctx, cfg.Wrk, url, cfg.Warmup); err != nil {
			out.Err = fmt.Errorf("%s warm-up: %w", s.Name, err)
			return out
		}
	}
	before, err := r.counters()
	if err != nil {
		out.Err = err
		return out
	}
	profDone := make(chan error, 1)
	if cfg.ProfileDir != "" && r.debugAddr != "" {
		go func() { profDone <- saveProfile(cfg, r, repeat) }()
	} else {
		profDone <- nil
	}
	t0 := time.Now()
	res, err := runWrk(ctx, cfg.Wrk, url, cfg.Duration)
	wall := time.Since(t0)
	if perr := <-profDone; perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		out.Err = err
		return out
	}
	out.Wrk = res
	after, err := r.counters()
	if err != nil {
		out.Err = err
		return out
	}
	out.CPUPerReq, out.AllocsPerReq = perRequest(before, after, res.Requests)
	out.Busy = float64(after.cpu-before.cpu) / float64(wall)
	if out.MaxRSS, err = memKB(r.pid, "VmHWM"); err != nil {
		out.Err = err
		return out
	}
	if err := r.alive(); err != nil {
		out.Err = err
		return out
	}
	if p := res.problems(); len(p) > 0 {
		out.Err = fmt.Errorf("%s: %s", s.Name, strings.Join(p, "; "))
	}
	return out
}

// saveProfile profiles r for the measured run less a second (so the profile
// ends before wrk does) and writes it to cfg.ProfileDir.
func saveProfile(cfg config, r *running, repeat int) error {
	b, err := runstats.Profile(r.debugAddr, cfg.Duration-time.Second)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(cfg.ProfileDir, fmt.Sprintf("%s-%d.pprof", r.srv.Name, repeat)), b)
}

// runLoad measures every server cfg.Repeats times, interleaved (each round
// runs every server once), and prints a line per run to log.
func runLoad(ctx context.Context, cfg config, list []server, log func(string)) []sample {
	var all []sample
	for rep := 1; rep <= cfg.Repeats; rep++ {
		for _, s := range list {
			sm := measure(ctx, cfg, s, rep)
			all = append(all, sm)
			if sm.Err != nil {
				log(fmt.Sprintf("round %d/%d %-22s FAILED: %v", rep, cfg.Repeats, s.Name, sm.Err))
				continue
			}
			log(fmt.Sprintf("round %d/%d %-22s %9.0f req/s  p50 %-9s p99 %-9s cpu %s/req  busy %3.0f%%  allocs %s/req",
				rep, cfg.Repeats, s.Name, sm.Wrk.RPS, sm.Wrk.P50, sm.Wrk.P99, sm.CPUPerReq, 100*sm.Busy, fmtAllocs(sm.AllocsPerReq)))
		}
	}
	return all
}
