package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/botlog"
	"github.com/healthlite/healthlite/wasm"
)

const checkUsage = `Usage: healthlite check FILE.wasm [flags]

Runs a WebAssembly check module once (see wasm/ABI.md) and prints one line,
Nagios style, so the command is itself a Nagios plugin:

  pass: GET http://127.0.0.1:8080/health: 200 in 3 ms | latency_ms=3

It exits with the Nagios code of the result: 0 pass, 1 warn, 2 fail,
3 unknown. A command-line mistake (a bad flag or value) prints one line on
stderr and exits 2; a module that cannot be loaded (missing file, not
WebAssembly, refused) prints the reason on stderr and exits 3,
UNKNOWN, as Nagios plugins do. Guest log lines go to stderr.

Flags (they may come before or after FILE.wasm):
  --config KEY=VALUE   a value the module reads with config (repeatable)
  --allow HOST:PORT    a destination http_get and tcp_dial may reach (repeatable; default none)
  --arg ARG            an argument for a command module (repeatable)
  --timeout DURATION   deadline of the run (default 2s)
  --memory-pages N     memory cap in 64 KiB pages (default 1024, 64 MiB)
  --cache-dir DIR      on-disk compilation cache (default none)
  --max-functions N    refuse a module defining more functions (default 20000)
  --max-code-size N    refuse a module with more bytes of code (default 2097152, 2 MiB)
  --max-function-size N  refuse a module with a larger function body, in bytes (default 65536)
  --name NAME          check name for logs and messages (default FILE without .wasm)
`

// exitUnknown is Nagios' UNKNOWN: the module could not be loaded or run.
// Command-line mistakes exit 2 instead, as every healthlite command does.
const (
	exitUnknown = 3
	exitUsage   = 2
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// runCheck is "healthlite check": load a module, run it once, print the
// result and return its Nagios exit code.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var configs, allow, argv listFlag
	fs.Var(&configs, "config", "")
	fs.Var(&allow, "allow", "")
	fs.Var(&argv, "arg", "")
	timeout := fs.Duration("timeout", wasm.DefaultTimeout, "")
	pages := fs.Uint("memory-pages", wasm.DefaultMemoryLimitPages, "")
	cacheDir := fs.String("cache-dir", "", "")
	maxFunctions := fs.Uint("max-functions", wasm.DefaultMaxFunctions, "")
	maxCode := fs.Uint("max-code-size", wasm.DefaultMaxCodeSize, "")
	maxFunctionSize := fs.Uint("max-function-size", wasm.DefaultMaxFunctionSize, "")
	name := fs.String("name", "", "")

	say := func(code int, format string, a ...any) int {
		// A load error may quote the module (an import's name): escaped.
		stderr.Write(append(botlog.AppendEscaped([]byte("healthlite check: "), fmt.Sprintf(format, a...)), '\n'))
		return code
	}
	usage := func(format string, a ...any) int { return say(exitUsage, format, a...) }
	// flag stops at the first non-flag; parse again after each file name,
	// so flags may follow FILE.wasm.
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, checkUsage)
				return 0
			}
			return usage("%v (see healthlite check --help)", err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		return usage("want exactly one FILE.wasm, got %d (see healthlite check --help)", len(files))
	}
	for _, f := range []struct {
		name string
		v    uint
	}{{"max-functions", *maxFunctions}, {"max-code-size", *maxCode}, {"max-function-size", *maxFunctionSize}} {
		if f.v == 0 {
			return usage("--%s 0: want a positive number", f.name)
		}
	}
	if *timeout <= 0 {
		return usage("--timeout %v: want a positive duration such as 2s", *timeout)
	}
	if *pages == 0 || *pages > 65536 {
		return usage("--memory-pages %d: want 1 to 65536", *pages)
	}
	if err := wasm.ValidateAllow(allow); err != nil {
		return usage("--%v", err)
	}
	config := map[string]string{}
	for _, kv := range configs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return usage("--config %q: want KEY=VALUE", kv)
		}
		config[k] = v
	}
	path := files[0]
	if *name == "" {
		*name = strings.TrimSuffix(filepath.Base(path), ".wasm")
	}

	ctx := context.Background()
	c, err := wasm.LoadFile(ctx, path, wasm.Options{
		Name:             *name,
		Timeout:          *timeout,
		MemoryLimitPages: uint32(*pages),
		Config:           config,
		Allow:            allow,
		Args:             argv,
		CacheDir:         *cacheDir,
		MaxFunctions:     int(min(*maxFunctions, math.MaxInt32)),
		MaxCodeSize:      int(min(*maxCode, math.MaxInt32)),
		MaxFunctionSize:  int(min(*maxFunctionSize, math.MaxInt32)),
		Logger:           slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		return say(exitUnknown, "%v", err)
	}
	defer c.Close(ctx)

	var r core.Result
	c.Check(ctx, &r)
	stdout.Write(appendResultLine(nil, r, c.LastMetrics()))
	return exitCode(r.Status)
}

// appendResultLine renders "status: message | name=value ...\n"; the
// message is kept on one line and without '|', which starts perfdata, and
// the guest's strings (message, metric names) have their control characters
// escaped, so that a module cannot send escape sequences to the terminal.
func appendResultLine(dst []byte, r core.Result, metrics []wasm.Metric) []byte {
	dst = append(dst, r.Status.String()...)
	dst = append(dst, ':')
	if r.Message != "" {
		dst = append(dst, ' ')
		dst = botlog.AppendEscaped(dst, strings.NewReplacer("\n", " ", "\r", " ", "|", "/").Replace(r.Message))
	}
	for i, m := range metrics {
		if i == 0 {
			dst = append(dst, " |"...)
		}
		dst = append(dst, ' ')
		dst = botlog.AppendEscaped(dst, m.Name)
		dst = append(dst, '=')
		dst = strconv.AppendFloat(dst, m.Value, 'g', -1, 64)
	}
	return append(dst, '\n')
}

// exitCode maps a status to its Nagios exit code.
func exitCode(s core.Status) int {
	switch s {
	case core.StatusPass:
		return 0
	case core.StatusWarn:
		return 1
	case core.StatusFail:
		return 2
	}
	return exitUnknown
}
