// Command pace is the benchmark's rate-limited load generator: it sends GET
// requests at a fixed total rate over a fixed number of kept-alive
// connections for a bounded time, and prints the latency distribution. wrk
// loads as fast as it can; pace measures the tail at a realistic probe load
// (bench/run -matrix runs it at 1,000 req/s from 100 connections), which wrk2
// would, but Debian does not ship wrk2.
//
// Each connection sends on its own schedule (rate/conns per second, the
// connections' schedules staggered evenly) and measures a request from the
// moment it was due, not from when it was sent, so a stalled server is
// charged for every request it delayed (no coordinated omission).
//
//	pace -url http://127.0.0.1:8080/healthz -rate 1000 -c 100 -d 5s
//
// It prints one line: "requests N errors E p50 D p99 D max D" (Go durations).
// Only loopback URLs are accepted.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	target := flag.String("url", "", "http://127.0.0.1:PORT/PATH to load (loopback only)")
	rate := flag.Float64("rate", 1000, "requests per second, all connections together")
	conns := flag.Int("c", 100, "connections, kept alive")
	d := flag.Duration("d", 5*time.Second, "how long to send (1s to 10m)")
	flag.Parse()
	host, path, err := loopbackTarget(*target)
	if err == nil && (*rate <= 0 || *rate > 1e6 || *conns < 1 || *conns > 10000 || *d < time.Second || *d > 10*time.Minute) {
		err = errors.New("-rate must be in (0, 1e6], -c in [1, 10000], -d in [1s, 10m]")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pace:", err)
		os.Exit(2)
	}
	r := load(host, path, *rate, *conns, *d)
	fmt.Println(r)
	if r.errors > 0 {
		os.Exit(1)
	}
}

// loopbackTarget splits an http:// URL on a loopback address into host:port and path.
func loopbackTarget(s string) (host, path string, err error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", "", err
	}
	ip := net.ParseIP(u.Hostname())
	if u.Scheme != "http" || ip == nil || !ip.IsLoopback() || u.Port() == "" {
		return "", "", fmt.Errorf("-url %q: want http://127.0.0.1:PORT/PATH (a loopback address and a port)", s)
	}
	path = u.RequestURI()
	return u.Host, path, nil
}

// result is what a run measured.
type result struct {
	latencies []time.Duration
	errors    int
}

func (r result) String() string {
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	return fmt.Sprintf("requests %d errors %d p50 %s p99 %s max %s", len(l), r.errors, quantile(l, 0.50), quantile(l, 0.99), quantile(l, 1))
}

// quantile returns the q-quantile of sorted (nearest rank), 0 for none.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// load runs conns connections, each sending rate/conns requests per second, for d.
func load(host, path string, rate float64, conns int, d time.Duration) result {
	every := time.Duration(float64(time.Second) * float64(conns) / rate)
	req := []byte("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
	start := time.Now().Add(50 * time.Millisecond)
	end := start.Add(d)
	var mu sync.Mutex
	var all result
	var wg sync.WaitGroup
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			first := start.Add(time.Duration(i) * every / time.Duration(conns))
			lat, errs := connLoop(host, req, first, every, end)
			mu.Lock()
			all.latencies = append(all.latencies, lat...)
			all.errors += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all
}

// connLoop sends req on one connection at first, first+every, … until end,
// reconnecting after an error, and returns each answer's latency from the
// moment its request was due.
func connLoop(host string, req []byte, first time.Time, every time.Duration, end time.Time) ([]time.Duration, int) {
	var lat []time.Duration
	errs := 0
	var c net.Conn
	var br *bufio.Reader
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	for due := first; due.Before(end); due = due.Add(every) {
		time.Sleep(time.Until(due))
		if c == nil {
			var err error
			if c, err = net.DialTimeout("tcp", host, 5*time.Second); err != nil {
				c = nil
				errs++
				continue
			}
			br = bufio.NewReader(c)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		if err := exchange(c, br, req); err != nil {
			c.Close()
			c = nil
			errs++
			continue
		}
		lat = append(lat, time.Since(due))
	}
	return lat, errs
}

// exchange writes req and reads one response, which must be 200 with a
// Content-Length body.
func exchange(c net.Conn, br *bufio.Reader, req []byte) error {
	if _, err := c.Write(req); err != nil {
		return err
	}
	status, err := br.ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(status, "HTTP/1.1 200 ") {
		return fmt.Errorf("status line %q", strings.TrimSpace(status))
	}
	length := -1
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(k, "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
				return err
			}
		}
	}
	if length < 0 {
		return errors.New("no Content-Length")
	}
	_, err = br.Discard(length)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}
