// Package runstats exposes a benchmark server's allocation and goroutine
// counters on a side port, so the load runner can measure allocations per
// request without touching the measured path.
//
// A server calls Serve with the address given by its -debug flag; the runner
// calls Read before and after a load run and divides the difference by the
// number of requests wrk made. The side port also serves a CPU profile
// (ProfilePath) for `bench/run -profile`.
package runstats

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"time"
)

// Path is where Serve answers with the JSON-encoded Stats.
const Path = "/debug/runstats"

// ProfilePath is where Serve answers with a CPU profile (net/http/pprof's
// Profile: ?seconds=N), so the runner can show what bounds a server.
const ProfilePath = "/debug/pprof/profile"

// Stats is one reading of the Go runtime's cumulative counters.
type Stats struct {
	// Allocs counts heap allocations since the process started (MemStats.Mallocs).
	Allocs uint64 `json:"allocs"`
	// Bytes counts heap bytes allocated since the process started (MemStats.TotalAlloc).
	Bytes uint64 `json:"bytes"`
	// Goroutines is the number of goroutines alive at the time of reading.
	Goroutines int `json:"goroutines"`
}

// Current reads the calling process's counters. It uses runtime.ReadMemStats,
// which stops the world briefly but counts every allocation exactly
// (runtime/metrics counts small objects only when their span is swapped out
// of a P's cache, so it lags by up to a span per size class).
func Current() Stats {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return Stats{Allocs: m.Mallocs, Bytes: m.TotalAlloc, Goroutines: runtime.NumGoroutine()}
}

// Serve listens on addr (loopback only) and answers Path with Current until
// the process exits. It returns an error when addr cannot be bound; an empty
// addr disables the side port and returns nil at once.
func Serve(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("runstats: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("runstats: address %q is not a loopback address (use 127.0.0.1:PORT)", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("runstats: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc(Path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(Current())
	})
	mux.HandleFunc(ProfilePath, pprof.Profile)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return nil
}

// Profile fetches a CPU profile of d (whole seconds, at least one) from a
// server's side port at addr, in pprof's format.
func Profile(addr string, d time.Duration) ([]byte, error) {
	secs := max(int(d/time.Second), 1)
	c := http.Client{Timeout: time.Duration(secs)*time.Second + 30*time.Second}
	resp, err := c.Get(fmt.Sprintf("http://%s%s?seconds=%d", addr, ProfilePath, secs))
	if err != nil {
		return nil, fmt.Errorf("runstats: profile %s: %w", addr, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("runstats: profile %s: %w", addr, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("runstats: profile %s: status %d: %s", addr, resp.StatusCode, b)
	}
	return b, nil
}

// Read fetches Stats from a server's side port at addr.
func Read(addr string) (Stats, error) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + Path)
	if err != nil {
		return Stats{}, fmt.Errorf("runstats: read %s: %w", addr, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Stats{}, fmt.Errorf("runstats: read %s: status %d", addr, resp.StatusCode)
	}
	var s Stats
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return Stats{}, fmt.Errorf("runstats: read %s: %w", addr, err)
	}
	if s.Allocs == 0 {
		return Stats{}, errors.New("runstats: read " + addr + ": no allocation counter in the answer")
	}
	return s, nil
}
