package examples_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/tcptest"
	"github.com/healthlite/healthlite/wasm"
)

// reactors are the languages of the reactor example; each builds to LANG.wasm.
var reactors = []string{"wat", "c", "go", "tinygo", "rust", "assemblyscript"}

// runTimeout bounds one run generously: the cases assert statuses, never durations.
const runTimeout = 30 * time.Second

var (
	outDir   string // where build.sh writes the modules, shared by every test in the process
	cacheDir string // the loader's compilation cache, so each language compiles once
	builds   sync.Map
)

type built struct {
	once sync.Once
	path string
	skip string // a missing tool, as build.sh named it
	err  error
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "healthlite-examples-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	outDir, cacheDir = filepath.Join(dir, "out"), filepath.Join(dir, "cache")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles one example with build.sh, once per process. A missing toolchain skips the
// test, except under CI=true, where every toolchain must be installed.
func build(tb testing.TB, lang string) string {
	tb.Helper()
	v, _ := builds.LoadOrStore(lang, new(built))
	b := v.(*built)
	b.once.Do(func() {
		var stderr bytes.Buffer
		cmd := exec.Command("bash", "build.sh", outDir, lang)
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit) && exit.ExitCode() == 127:
			b.skip = strings.TrimSpace(stderr.String())
		case err != nil:
			b.err = fmt.Errorf("build.sh %s: %w\n%s", lang, err, stderr.String())
		default:
			b.path = filepath.Join(outDir, lang+".wasm")
		}
	})
	switch {
	case b.err != nil:
		tb.Fatal(b.err)
	case b.skip != "" && os.Getenv("CI") == "true":
		tb.Fatalf("CI=true needs every toolchain: %s", b.skip)
	case b.skip != "":
		tb.Skip(b.skip)
	}
	return b.path
}

// load loads a built example with the given configuration, allowing allow.
func load(tb testing.TB, path string, config map[string]string, allow ...string) *wasm.Check {
	tb.Helper()
	c, err := wasm.LoadFile(context.Background(), path, wasm.Options{
		Name:     "example",
		Timeout:  runTimeout,
		Config:   config,
		Allow:    allow,
		CacheDir: cacheDir,
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// server is a real HTTP server on 127.0.0.1: /ok answers 200 at once, /down 503, and
// /slow?ms=N answers 200 after sleeping N milliseconds.
func server(t testing.TB) (base, hostPort string) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		time.Sleep(time.Duration(ms) * time.Millisecond)
		w.Write([]byte("slow"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, srv.Listener.Addr().String()
}

// latency returns the latency_ms metric of the newest run and checks that it is the one metric
// and the result's value.
func latency(t *testing.T, c *wasm.Check, r *core.Result) float64 {
	t.Helper()
	ms := c.LastMetrics()
	if len(ms) != 1 || ms[0].Name != "latency_ms" {
		t.Fatalf("metrics = %+v, want just latency_ms", ms)
	}
	v := ms[0].Value
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		t.Fatalf("latency_ms = %v, want a finite value >= 0", v)
	}
	if !r.HasValue || r.Value != v {
		t.Errorf("result value = %v (HasValue %v), want latency_ms %v", r.Value, r.HasValue, v)
	}
	return v
}

// run runs c once and checks its status and message; a message pattern's first group is the
// latency in whole milliseconds, which must agree with the latency_ms metric.
func run(t *testing.T, c *wasm.Check, want core.Status, message *regexp.Regexp) core.Result {
	t.Helper()
	var r core.Result
	c.Check(context.Background(), &r)
	if r.Status != want || !message.MatchString(r.Message) {
		t.Fatalf("got %v %q, want %v matching %s", r.Status, r.Message, want, message)
	}
	if m := message.FindStringSubmatch(r.Message); len(m) > 1 {
		ms, _ := strconv.ParseInt(m[1], 10, 64)
		if v := latency(t, c, &r); int64(v) != ms {
			t.Errorf("message says %d ms, latency_ms = %v", ms, v)
		}
	}
	return r
}

func TestReactors(t *testing.T) {
	base, hostPort := server(t)
	refused := tcptest.FreeAddr(t)
	q := regexp.QuoteMeta
	for _, lang := range reactors {
		t.Run(lang, func(t *testing.T) {
			path := build(t, lang)
			t.Parallel()

			t.Run("pass", func(t *testing.T) {
				c := load(t, path, map[string]string{"url": base + "/ok", "budget_ms": "10000"}, hostPort)
				want := regexp.MustCompile(`^GET ` + q(base+"/ok") + `: 200 in (\d+) ms$`)
				for range 3 { // the pooled instance is reused; each run starts afresh
					run(t, c, core.StatusPass, want)
				}
			})
			t.Run("warn over budget", func(t *testing.T) {
				url := base + "/slow?ms=50"
				c := load(t, path, map[string]string{"url": url, "budget_ms": "1"}, hostPort)
				r := run(t, c, core.StatusWarn,
					regexp.MustCompile(`^GET `+q(url)+`: 200 in (\d+) ms, over budget 1 ms$`))
				if v := latency(t, c, &r); v < 50 {
					t.Errorf("latency_ms = %v, want >= 50 (the server sleeps 50 ms)", v)
				}
			})
			t.Run("warn over default budget", func(t *testing.T) {
				url := base + "/slow?ms=520"
				c := load(t, path, map[string]string{"url": url}, hostPort)
				run(t, c, core.StatusWarn,
					regexp.MustCompile(`^GET `+q(url)+`: 200 in (\d+) ms, over budget 500 ms$`))
			})
			t.Run("fail 503", func(t *testing.T) {
				c := load(t, path, map[string]string{"url": base + "/down"}, hostPort)
				run(t, c, core.StatusFail, regexp.MustCompile(`^GET `+q(base+"/down")+`: 503 in (\d+) ms$`))
			})
			t.Run("fail host not allowed", func(t *testing.T) {
				c := load(t, path, map[string]string{"url": base + "/ok"})
				r := run(t, c, core.StatusFail, regexp.MustCompile(`^`+q(hostPort)+` not allowed \(--allow\): GET `+q(base+"/ok")+`: error -1$`))
				latency(t, c, &r)
			})
			t.Run("fail connection refused", func(t *testing.T) {
				url := "http://" + refused + "/health"
				c := load(t, path, map[string]string{"url": url}, refused)
				r := run(t, c, core.StatusFail, regexp.MustCompile(`^GET `+q(url)+`: error -2$`))
				latency(t, c, &r)
			})
			t.Run("fail bad url", func(t *testing.T) {
				url := "ftp://" + hostPort + "/health"
				c := load(t, path, map[string]string{"url": url}, hostPort)
				r := run(t, c, core.StatusFail, regexp.MustCompile(`^GET `+q(url)+`: error -3$`))
				latency(t, c, &r)
			})
			t.Run("unknown without url", func(t *testing.T) {
				c := load(t, path, map[string]string{"budget_ms": "10"})
				run(t, c, core.StatusUnknown, regexp.MustCompile(`^config url is not set$`))
			})
			t.Run("unknown bad budget", func(t *testing.T) {
				for _, budget := range []string{"", "12ms", "-5", "1234567890"} {
					c := load(t, path, map[string]string{"url": base + "/ok", "budget_ms": budget}, hostPort)
					run(t, c, core.StatusUnknown,
						regexp.MustCompile(`^config budget_ms is not a whole number of milliseconds$`))
				}
			})
			t.Run("unknown url too long", func(t *testing.T) {
				url := base + "/ok?" + strings.Repeat("x", 2048)
				c := load(t, path, map[string]string{"url": url}, hostPort)
				run(t, c, core.StatusUnknown, regexp.MustCompile(`^config url is longer than 2048 bytes$`))
			})
		})
	}
}

func TestCommand(t *testing.T) {
	path := build(t, "command")
	for _, tc := range []struct {
		args    []string
		status  core.Status
		message string
		metric  string // the perfdata label, "" for none
		value   float64
	}{
		{[]string{"-w", "80", "-c", "90", "-l", "disk_used", "-u", "%", "42"}, core.StatusPass,
			"OK - disk_used is 42%", "disk_used", 42},
		{[]string{"-w", "80", "-c", "90", "-l", "disk_used", "-u", "%", "85"}, core.StatusWarn,
			"WARNING - disk_used is 85% (warning at 80%)", "disk_used", 85},
		{[]string{"-w", "0.5", "-c", "0.9", "-l", "load", "0.95"}, core.StatusFail,
			"CRITICAL - load is 0.95 (critical at 0.9)", "load", 0.95},
		{[]string{"-w", "80", "-c", "90", "many"}, core.StatusUnknown,
			"UNKNOWN - value many is not a number", "", 0},
		{[]string{"-w", "80", "42"}, core.StatusUnknown,
			"UNKNOWN - usage: threshold -w WARN -c CRIT [-l LABEL] [-u UOM] VALUE", "", 0},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			c, err := wasm.LoadFile(context.Background(), path, wasm.Options{
				Name: "threshold", Timeout: runTimeout, Args: tc.args, CacheDir: cacheDir,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(context.Background())
			if c.Kind() != wasm.Command {
				t.Fatalf("kind = %v, want command", c.Kind())
			}
			var r core.Result
			c.Check(context.Background(), &r)
			if r.Status != tc.status || r.Message != tc.message {
				t.Fatalf("got %v %q, want %v %q", r.Status, r.Message, tc.status, tc.message)
			}
			want := []wasm.Metric{}
			if tc.metric != "" {
				want = append(want, wasm.Metric{Name: tc.metric, Value: tc.value})
			}
			if ms := c.LastMetrics(); fmt.Sprint(ms) != fmt.Sprint(want) {
				t.Fatalf("metrics = %+v, want %+v", ms, want)
			}
		})
	}
}

// BenchmarkReactors runs each language's check through the loader: "config" is a run that
// reads its configuration and sets an unknown message (the guest and host-call cost alone),
// "http" a whole passing check with a GET to a local server.
func BenchmarkReactors(b *testing.B) {
	base, hostPort := server(b)
	for _, lang := range reactors {
		b.Run(lang, func(b *testing.B) {
			path := build(b, lang)
			for _, bc := range []struct {
				name   string
				config map[string]string
				want   core.Status
			}{
				{"config", map[string]string{"budget_ms": "10000"}, core.StatusUnknown},
				{"http", map[string]string{"url": base + "/ok", "budget_ms": "10000"}, core.StatusPass},
			} {
				b.Run(bc.name, func(b *testing.B) {
					c := load(b, path, bc.config, hostPort)
					ctx := context.Background()
					var r core.Result
					b.ReportAllocs()
					for b.Loop() {
						c.Check(ctx, &r)
					}
					if r.Status != bc.want {
						b.Fatalf("got %v %q, want %v", r.Status, r.Message, bc.want)
					}
				})
			}
		})
	}
}

// BenchmarkLoad loads each language's module with no compilation cache: the cost of the first
// load, dominated by compiling the module to machine code.
func BenchmarkLoad(b *testing.B) {
	for _, lang := range append(reactors, "command") {
		b.Run(lang, func(b *testing.B) {
			module, err := os.ReadFile(build(b, lang))
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				c, err := wasm.Load(ctx, module, wasm.Options{Name: "example"})
				if err != nil {
					b.Fatal(err)
				}
				c.Close(ctx)
			}
		})
	}
}
