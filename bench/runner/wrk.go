package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// wrkResult is what one wrk run reports.
type wrkResult struct {
	Requests      uint64        // completed requests ("N requests in …")
	RPS           float64       // "Requests/sec:"
	P50, P99      time.Duration // from the --latency distribution
	SocketErrors  uint64        // connect + read + write + timeout
	Non2xx        uint64        // "Non-2xx or 3xx responses:" (wrk counts status ≥ 400)
	SocketSummary string        // the "Socket errors:" line as wrk printed it, when present
}

// problems lists what makes a run unacceptable: no request served, socket
// errors or error statuses. An empty list means the run is clean.
func (r wrkResult) problems() []string {
	var p []string
	if r.Requests == 0 {
		p = append(p, "no request completed")
	}
	if r.SocketErrors > 0 {
		p = append(p, fmt.Sprintf("%d socket errors (%s)", r.SocketErrors, r.SocketSummary))
	}
	if r.Non2xx > 0 {
		p = append(p, fmt.Sprintf("%d responses with status >= 400", r.Non2xx))
	}
	return p
}

// wrkArgs are the load settings shared by every run.
type wrkArgs struct {
	Place       placement
	Threads     int
	Connections int
	Headers     []string // extra request headers ("Connection: close"), one -H each
}

// wrkTimeout is how long wrk waits for one response before it counts a
// timeout error. wrk's default of 2s turns a busy CI machine's hiccup into a
// failed run; a server that is really stuck still shows up as an error.
const wrkTimeout = "10s"

// runWrk loads url for d (whole seconds, at least one) and parses the report.
func runWrk(ctx context.Context, a wrkArgs, url string, d time.Duration) (wrkResult, error) {
	secs := int(d.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	args := []string{
		"-t", strconv.Itoa(a.Threads), "-c", strconv.Itoa(a.Connections),
		"-d", strconv.Itoa(secs) + "s", "--timeout", wrkTimeout, "--latency",
	}
	for _, h := range a.Headers {
		args = append(args, "-H", h)
	}
	args = append(args, url)
	ctx, cancel := context.WithTimeout(ctx, time.Duration(secs)*time.Second+30*time.Second)
	defer cancel()
	out, err := a.Place.run(ctx, "", nil, append([]string{"wrk"}, args...))
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w: %s", url, err, strings.TrimSpace(string(out)))
	}
	r, err := parseWrk(string(out))
	if err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w", url, err)
	}
	return r, nil
}

// parseWrk reads wrk 4's text report (run with --latency).
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	var haveReq, haveRPS bool
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "50%":
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return r, err
			}
			r.P50 = d
		case len(f) == 2 && f[0] == "99%":
			d, err := parseWrkDuration(f[1])
			if err != nil {
				return r, err
			}
			r.P99 = d
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			n, err := strconv.ParseUint(f[0], 10, 64)
			if err != nil {
				return r, fmt.Errorf("request count %q: %w", f[0], err)
			}
			r.Requests, haveReq = n, true
		case strings.HasPrefix(line, "Requests/sec:") && len(f) == 2:
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return r, fmt.Errorf("requests/sec %q: %w", f[1], err)
			}
			r.RPS, haveRPS = v, true
		case strings.HasPrefix(line, "Socket errors:"):
			r.SocketSummary = strings.TrimSpace(strings.TrimPrefix(line, "Socket errors:"))
			for _, part := range strings.Split(r.SocketSummary, ",") {
				kv := strings.Fields(part)
				if len(kv) != 2 {
					return r, fmt.Errorf("socket errors line %q: want \"kind N\" items", line)
				}
				n, err := strconv.ParseUint(kv[1], 10, 64)
				if err != nil {
					return r, fmt.Errorf("socket errors line %q: %w", line, err)
				}
				r.SocketErrors += n
			}
		case strings.HasPrefix(line, "Non-2xx or 3xx responses:") && len(f) == 5:
			n, err := strconv.ParseUint(f[4], 10, 64)
			if err != nil {
				return r, fmt.Errorf("non-2xx line %q: %w", line, err)
			}
			r.Non2xx = n
		}
	}
	if !haveReq || !haveRPS {
		return r, fmt.Errorf("no request count or Requests/sec in the report:\n%s", out)
	}
	if r.Requests > 0 && (r.P50 == 0 || r.P99 == 0) {
		return r, fmt.Errorf("no latency distribution in the report (was --latency given?):\n%s", out)
	}
	return r, nil
}

// parseWrkDuration reads wrk's latency figures: "470.00us", "1.01ms", "2.00s", "1.50m".
func parseWrkDuration(s string) (time.Duration, error) {
	i := strings.LastIndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) + 1
	if i == len(s) {
		return 0, fmt.Errorf("latency %q: no unit (want us, ms, s, m or h)", s)
	}
	units := map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour}
	unit, ok := units[s[i:]]
	if !ok {
		return 0, fmt.Errorf("latency %q: unknown unit (want us, ms, s, m or h)", s)
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || v < 0 || v > 1e6 {
		return 0, fmt.Errorf("latency %q: not a number of %s", s, s[i:])
	}
	return time.Duration(math.Round(v * float64(unit))), nil
}
