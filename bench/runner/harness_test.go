package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needLoadTools skips when wrk or taskset is missing, except in CI, where
// their absence is a failure (CI installs them).
func needLoadTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"wrk", "taskset"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (apt-get install -y wrk util-linux)", tool)
			}
			t.Skipf("%s is not installed (apt-get install -y wrk util-linux)", tool)
		}
	}
}

// runRow runs the runner with args on server alone, over 8 connections,
// and returns the cells of server's row in its table (the last such row;
// none when there is none) and all it wrote on stdout and stderr; it fails
// t unless it exits 0.
func runRow(t *testing.T, server string, args ...string) (cells []string, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	args = append(args, "-servers", server, "-connections", "8")
	if code := run(context.Background(), args, &out, &errs); code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s\nstdout:\n%s", code, errs.String(), out.String())
	}
	var row string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "| "+server+" |") {
			row = line
		}
	}
	return strings.Split(row, "|"), out.String(), errs.String()
}

// TestQuickEndToEnd runs `bench/run --quick` on one real server: build,
// pinned start, one second of wrk, /proc and side-port readings, the table.
func TestQuickEndToEnd(t *testing.T) {
	needLoadTools(t)
	cells, stdout, stderr := runRow(t, "raw-fasthttp", "-quick")
	row := strings.Join(cells, "|")
	if len(cells) != 15 {
		t.Fatalf("no complete raw-fasthttp row in:\n%s", stdout)
	}
	for i, name := range map[int]string{2: "req/s", 7: "server busy", 8: "CPU/req", 9: "req per CPU-s", 10: "allocs/req", 11: "max RSS", 12: "p50"} {
		v := strings.TrimSpace(cells[i])
		if v == "" || v == "—" || v == "0%" || strings.HasPrefix(v, "0.0 ") || v == "failed" {
			t.Errorf("%s = %q in row %s", name, v, row)
		}
	}
	if !strings.Contains(stderr, "round 1/1 raw-fasthttp") {
		t.Errorf("no progress line on stderr:\n%s", stderr)
	}
}

// TestWrkErrorStatusesAreProblems loads a real loopback server answering 503
// and checks the run is reported as failed.
func TestWrkErrorStatusesAreProblems(t *testing.T) {
	needLoadTools(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	res, err := runWrk(context.Background(), wrkArgs{Threads: 1, Connections: 2}, srv.URL+"/healthz", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || res.Non2xx != res.Requests {
		t.Fatalf("got %+v, want every request counted as an error status", res)
	}
	if p := strings.Join(res.problems(), "; "); !strings.Contains(p, "responses with status >= 400") {
		t.Fatalf("problems = %q", p)
	}
}

// TestStartReportsAServerThatDies runs a "server" that exits at once and
// checks start says so with its stderr, and measure records the failure.
func TestStartReportsAServerThatDies(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\necho 'cannot bind: permission denied' >&2\nexit 3\n"
	if err := os.WriteFile(filepath.Join(bin, "dead"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := server{Name: "dead", Go: true}
	_, err := start(context.Background(), "", bin, placement{}, s)
	if err == nil || !strings.Contains(err.Error(), "dead exited before answering") || !strings.Contains(err.Error(), "cannot bind: permission denied") {
		t.Fatalf("error = %v", err)
	}
	sm := measure(context.Background(), config{BinDir: bin, Wrk: wrkArgs{Threads: 1, Connections: 1}, Duration: time.Second}, s, 1)
	if sm.Err == nil {
		t.Fatal("measure of a dead server reported no error")
	}
	sums := summarize([]server{s}, []sample{sm})
	if sums[0].Runs != 0 || sums[0].Failed != 1 {
		t.Fatalf("summary %+v", sums[0])
	}
	if md := (report{Sums: sums, Failed: []sample{sm}}).markdown(); !strings.Contains(md, "| dead | failed |") || !strings.Contains(md, "round 1, dead: ") {
		t.Fatalf("report does not show the failure:\n%s", md)
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-servers", "apache"}, `unknown server "apache"`},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-repeats", "0"}, "must be at least 1"},
		{[]string{"-soak", "1s", "-servers", "nginx"}, "--soak needs a healthlite transport"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), tc.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}

func TestChartSVG(t *testing.T) {
	sums := []summary{
		{Server: "healthlite-fasthttp", Runs: 3, RPS: 120000, MinRPS: 110000, MaxRPS: 125000},
		{Server: "nginx", Runs: 3, RPS: 110000, MinRPS: 100000, MaxRPS: 111000},
		{Server: "broken", Failed: 3},
	}
	svg, err := chartSVG(sums, "test chart", "requests/s", throughputBar)
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{"<svg", "test chart", "healthlite-fasthttp", "nginx", "120.0k"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(s, "broken") {
		t.Error("SVG shows a server with no clean run")
	}
	if _, err := chartSVG(sums[2:], "x", "y", efficiencyBar); err == nil {
		t.Error("chart of no clean run accepted")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "RESULTS.md")
	for _, body := range []string{"first", "second"} {
		if err := writeFileAtomic(p, []byte(body)); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(p); err != nil || string(b) != body {
			t.Fatalf("read %q, %v; want %q", b, err, body)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

// TestSoakEndToEnd soaks one real healthlite transport briefly: the run must
// be clean and the table must show the start and end readings.
func TestSoakEndToEnd(t *testing.T) {
	needLoadTools(t)
	cells, stdout, _ := runRow(t, "healthlite-stdlib", "-soak", "2s")
	row := strings.Join(cells, "|")
	if len(cells) != 10 || strings.TrimSpace(cells[8]) != "ok" || strings.TrimSpace(cells[4]) != "0" || strings.TrimSpace(cells[5]) != "0" {
		t.Fatalf("soak row %q in:\n%s", row, stdout)
	}
	if !strings.Contains(cells[6], "MiB") || !strings.Contains(cells[7], "→") {
		t.Fatalf("no RSS or goroutine readings in %q", row)
	}
}
