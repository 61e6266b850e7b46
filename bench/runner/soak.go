package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/healthlite/healthlite/bench/internal/runstats"
)

// soakPoint is one reading of a soaked server's memory and goroutines.
type soakPoint struct {
	RSS        uint64 // VmRSS, bytes
	Goroutines int
}

// soakResult is the outcome of one transport's soak.
type soakResult struct {
	Server                string
	Wrk                   wrkResult
	IdleBefore, IdleAfter soakPoint // without load, before and after
	LoadEarly, LoadLate   soakPoint // under load, at 10% and 90% of the run
	Problems              []string
}

// soakGoroutineSlack is how many goroutines above the idle count before the
// load a server may still have once the load is over (the side port's own
// connection handler, for one).
const soakGoroutineSlack = 2

// soakSettle is how long the soak waits, once the load is over, for the
// goroutine count to come back down. fasthttp keeps idle workers for its
// MaxIdleWorkerDuration (10 s by default) and sweeps them on a timer of that
// period, so they can take up to 20 s to go.
const soakSettle = 25 * time.Second

// soakRSSGrowth bounds how much RSS may grow under load between 10% and 90%
// of the run: 25% plus 8 MiB. A leak of even a few bytes per request grows by
// far more over millions of requests.
func soakRSSGrowthOK(early, late uint64) bool {
	return float64(late) <= float64(early)*1.25+8<<20
}

func readPoint(r *running) (soakPoint, error) {
	st, err := runstats.Read(r.debugAddr)
	if err != nil {
		return soakPoint{}, err
	}
	rss, err := memKB(r.pid, "VmRSS")
	if err != nil {
		return soakPoint{}, err
	}
	return soakPoint{RSS: rss, Goroutines: st.Goroutines}, nil
}

// soak runs full load on s for d and checks that nothing failed or leaked.
func soak(ctx context.Context, cfg config, s server, d time.Duration) soakResult {
	out := soakResult{Server: s.Name}
	fail := func(format string, a ...any) soakResult {
		out.Problems = append(out.Problems, fmt.Sprintf(format, a...))
		return out
	}
	r, err := start(ctx, cfg.BenchDir, cfg.BinDir, cfg.Server, s)
	if err != nil {
		return fail("%v", err)
	}
	defer r.stop()
	if out.IdleBefore, err = readPoint(r); err != nil {
		return fail("%v", err)
	}
	type done struct {
		res wrkResult
		err error
	}
	ch := make(chan done, 1)
	go func() {
		res, err := runWrk(ctx, cfg.Wrk, r.url, d)
		ch <- done{res, err}
	}()
	secs := d.Round(time.Second)
	if secs < time.Second {
		secs = time.Second
	}
	time.Sleep(secs / 10)
	early, errEarly := readPoint(r)
	time.Sleep(secs * 8 / 10)
	late, errLate := readPoint(r)
	res := <-ch
	if res.err != nil {
		return fail("%v", res.err)
	}
	out.Wrk = res.res
	if errEarly != nil || errLate != nil {
		return fail("reading the server under load: %v %v", errEarly, errLate)
	}
	out.LoadEarly, out.LoadLate = early, late
	// Connections close when wrk exits; give their goroutines time to end.
	deadline := time.Now().Add(soakSettle)
	for {
		if out.IdleAfter, err = readPoint(r); err != nil {
			return fail("%v", err)
		}
		if out.IdleAfter.Goroutines <= out.IdleBefore.Goroutines+soakGoroutineSlack || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	out.judge()
	if err := r.alive(); err != nil {
		out.Problems = append(out.Problems, err.Error())
	}
	return out
}

// judge adds to Problems what the readings show: wrk's errors and error
// statuses, goroutines left over after the load, RSS growing under it.
func (out *soakResult) judge() {
	out.Problems = append(out.Problems, out.Wrk.problems()...)
	if out.IdleAfter.Goroutines > out.IdleBefore.Goroutines+soakGoroutineSlack {
		out.Problems = append(out.Problems, fmt.Sprintf("goroutines %d idle before the load, %d still %s after it", out.IdleBefore.Goroutines, out.IdleAfter.Goroutines, soakSettle))
	}
	if !soakRSSGrowthOK(out.LoadEarly.RSS, out.LoadLate.RSS) {
		out.Problems = append(out.Problems, fmt.Sprintf("RSS grew under steady load from %.1f MiB to %.1f MiB", mib(out.LoadEarly.RSS), mib(out.LoadLate.RSS)))
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// resultCell is a table's verdict on a run: "ok", or "FAILED: " and its
// problems on one line.
func resultCell(problems []string) string {
	if len(problems) == 0 {
		return "ok"
	}
	return "FAILED: " + oneLine(strings.Join(problems, "; "))
}

// soakTable renders the soak results as a markdown table.
func soakTable(rs []soakResult, d time.Duration, c config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Soak: %s of `wrk -t%d -c%d` per transport, server pinned to CPU %s (GOMAXPROCS=1), wrk to CPU %s.\n\n", d, c.Wrk.Threads, c.Wrk.Connections, c.Server.CPU, c.Wrk.Place.CPU)
	b.WriteString("| transport | requests | req/s | socket errors | non-2xx | RSS idle before → under load 10% → 90% → idle after | goroutines idle before → 10% → 90% → idle after | result |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | --- | --- | --- |\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %d | %.0f | %d | %d | %.1f → %.1f → %.1f → %.1f MiB | %d → %d → %d → %d | %s |\n",
			r.Server, r.Wrk.Requests, r.Wrk.RPS, r.Wrk.SocketErrors, r.Wrk.Non2xx,
			mib(r.IdleBefore.RSS), mib(r.LoadEarly.RSS), mib(r.LoadLate.RSS), mib(r.IdleAfter.RSS),
			r.IdleBefore.Goroutines, r.LoadEarly.Goroutines, r.LoadLate.Goroutines, r.IdleAfter.Goroutines, resultCell(r.Problems))
	}
	return b.String()
}
