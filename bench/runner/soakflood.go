package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/healthlite/healthlite/internal/connflood"
)

// The connection flood phase of the soak: the healthlite binary runs under
// a low open file limit with a tcp check, while a client keeps more
// connections open to it than it has descriptors. The connection cap must
// keep /readyz answering loopback probes, the check passing and the health
// file in place.
const (
	floodFileLimit    = 1024
	floodHeld         = floodFileLimit + 256 // connections the client holds at once
	floodCheckEvery   = 250 * time.Millisecond
	floodPollEvery    = 100 * time.Millisecond
	floodMaxDuration  = 30 * time.Second
	floodMinDuration  = 3 * time.Second
	floodDialInterval = 500 * time.Microsecond
)

// floodResult is the outcome of one transport's flood phase.
type floodResult struct {
	Transport     string
	Duration      time.Duration
	Cap           int   // from the server's start-up line; 0 if not seen
	Opened        int64 // connections the client opened
	CapReached    bool  // the server logged that it closed or refused connections at the cap
	Polls, PollOK int   // /readyz from loopback: sent, answered 200
	FileMissing   int   // polls that found no health file
	CheckRuns     int64 // connections the tcp check made
	Problems      []string
}

// floodDuration bounds the phase: half the soak, between 3 and 30 seconds.
func floodDuration(soak time.Duration) time.Duration {
	return min(max(soak/2, floodMinDuration), floodMaxDuration)
}

// buildHealthlite compiles the healthlite binary (cmd/healthlite in the
// module above bench/) into binDir.
func buildHealthlite(ctx context.Context, benchDir, binDir string) (string, error) {
	path := filepath.Join(binDir, "healthlite")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", path, "./cmd/healthlite")
	cmd.Dir = filepath.Dir(benchDir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build healthlite: %w\n%s", err, out)
	}
	return path, nil
}

var capLine = regexp.MustCompile(`serving at most (\d+) connections`)

// soakFlood runs the flood phase against the binary at bin with transport
// tr ("fasthttp", "loop" or "stdlib"): probes for d once the client holds
// floodHeld connections.
func soakFlood(ctx context.Context, bin, tr string, d time.Duration) floodResult {
	out := floodResult{Transport: tr, Duration: d}
	fail := func(format string, a ...any) floodResult {
		out.Problems = append(out.Problems, fmt.Sprintf(format, a...))
		return out
	}
	target, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return fail("%v", err)
	}
	defer target.Close()
	var checkRuns atomic.Int64
	go func() {
		for {
			c, err := target.Accept()
			if err != nil {
				return
			}
			checkRuns.Add(1)
			c.Close()
		}
	}()
	dir, err := os.MkdirTemp("", "healthlite-flood-")
	if err != nil {
		return fail("%v", err)
	}
	defer os.RemoveAll(dir)
	port, err := freePort()
	if err != nil {
		return fail("%v", err)
	}
	healthFile := filepath.Join(dir, "healthy")
	r := &running{srv: server{Name: "healthlite serve --transport " + tr}, url: fmt.Sprintf("http://127.0.0.1:%d/readyz", port), stderr: &lockedBuffer{}, exited: make(chan struct{})}
	// Soft and hard limit both, so that Go cannot raise it at start.
	r.cmd = exec.Command("/bin/sh", "-c", `ulimit -n `+strconv.Itoa(floodFileLimit)+` && exec "$0" "$@"`, bin, "serve",
		"--transport", tr, "--addr", "127.0.0.1", "--ports", strconv.Itoa(port), "--health-file", healthFile,
		"--check", "db=tcp:"+target.Addr().String()+",interval="+floodCheckEvery.String()+",timeout=200ms,fall=2")
	r.cmd.Stdout, r.cmd.Stderr = r.stderr, r.stderr
	if err := r.cmd.Start(); err != nil {
		return fail("start: %v", err)
	}
	r.pid = r.cmd.Process.Pid
	go func() { r.waitErr = r.cmd.Wait(); close(r.exited) }()
	defer r.stop()
	if err := r.waitReady(ctx, 15*time.Second); err != nil {
		return fail("%v", err)
	}
	if m := capLine.FindStringSubmatch(r.stderr.String()); m != nil {
		out.Cap, _ = strconv.Atoi(m[1])
	}

	flood := connflood.Start(net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), floodHeld, connflood.Mixed, floodDialInterval)
	defer flood.Stop()
	// Probe once the client holds more connections than the file limit.
	for wait := time.Now().Add(floodMaxDuration); flood.Opened() < floodHeld; {
		if time.Now().After(wait) || ctx.Err() != nil {
			flood.Stop()
			return fail("the flood opened %d connections in %s, want %d", flood.Opened(), floodMaxDuration, floodHeld)
		}
		time.Sleep(10 * time.Millisecond)
	}
	runsBefore := checkRuns.Load()
	client := http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	end := time.Now().Add(d)
	for time.Now().Before(end) && ctx.Err() == nil {
		time.Sleep(floodPollEvery)
		out.Polls++
		if resp, err := client.Get(r.url); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				out.PollOK++
			}
		}
		if _, err := os.Stat(healthFile); err != nil {
			out.FileMissing++
		}
	}
	flood.Stop()
	out.Opened = flood.Opened()
	out.CheckRuns = checkRuns.Load() - runsBefore
	out.CapReached = strings.Contains(r.stderr.String(), "Connection cap of ")
	if err := r.alive(); err != nil {
		out.Problems = append(out.Problems, err.Error())
	}
	out.judge()
	return out
}

// judge adds to Problems what the counts show: a loopback probe not
// answered 200, the health file gone, the check not running, the flood not
// reaching the cap.
func (out *floodResult) judge() {
	if out.Polls == 0 || out.PollOK < out.Polls {
		out.Problems = append(out.Problems, fmt.Sprintf("/readyz from loopback answered 200 to %d of %d probes", out.PollOK, out.Polls))
	}
	if out.FileMissing > 0 {
		out.Problems = append(out.Problems, fmt.Sprintf("health file missing at %d of %d probes", out.FileMissing, out.Polls))
	}
	if want := int64(out.Duration / floodCheckEvery / 2); out.CheckRuns < want {
		out.Problems = append(out.Problems, fmt.Sprintf("the check ran %d times, want at least %d", out.CheckRuns, want))
	}
	if !out.CapReached || out.Opened <= int64(out.Cap) {
		out.Problems = append(out.Problems, fmt.Sprintf("the flood (%d connections) did not reach the cap (%d)", out.Opened, out.Cap))
	}
}

// floodTable renders the flood results as a markdown table.
func floodTable(rs []floodResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nConnection flood: healthlite serve under `ulimit -n %d` with a tcp check every %s; a client on 127.0.0.1 opens connections without pause and holds the last %d (idle, and kept alive after one request), and once it holds them /readyz is probed from loopback every %s.\n\n",
		floodFileLimit, floodCheckEvery, floodHeld, floodPollEvery)
	b.WriteString("| transport | duration | cap | connections opened | /readyz 200 | health file missing | check runs | result |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d of %d | %d | %d | %s |\n",
			r.Transport, r.Duration, r.Cap, r.Opened, r.PollOK, r.Polls, r.FileMissing, r.CheckRuns, resultCell(r.Problems))
	}
	return b.String()
}
