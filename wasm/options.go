package wasm

import (
	"log/slog"
	"math"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
	"github.com/healthlite/healthlite/wasm/internal/wasmbin"
)

// Defaults used when the matching Options field is zero.
const (
	// DefaultTimeout is the run deadline when Options.Timeout is zero.
	DefaultTimeout = 2 * time.Second
	// DefaultMemoryLimitPages is the memory cap (64 KiB pages, so 64 MiB)
	// when Options.MemoryLimitPages is zero.
	DefaultMemoryLimitPages = 1024
	// DefaultMaxModuleSize is the largest module accepted when
	// Options.MaxModuleSize is zero.
	DefaultMaxModuleSize = 32 << 20
	// DefaultMaxFunctions is how many functions a module may define when
	// Options.MaxFunctions is zero.
	DefaultMaxFunctions = 20000
	// DefaultMaxCodeSize is the largest code section, in bytes, accepted
	// when Options.MaxCodeSize is zero: a Go guest's is 1.3–1.6 MB.
	DefaultMaxCodeSize = 2 << 20
	// DefaultMaxFunctionSize is the largest function body, in bytes,
	// accepted when Options.MaxFunctionSize is zero: a Go guest's largest
	// is 29 KB.
	DefaultMaxFunctionSize = 64 << 10
	// DefaultMaxConnections is how many connections one run may open with
	// http_get and tcp_dial when Options.MaxConnections is zero.
	DefaultMaxConnections = 4
)

// ABI limits, the same for every module (see ABI.md).
const (
	// MaxMessage is the longest message kept, in bytes; longer ones are cut
	// on a UTF-8 boundary. It is core's: what a module reports is what a
	// check may report.
	MaxMessage = core.MaxMessage
	// MaxMetrics is the number of distinct metrics a run may set.
	MaxMetrics = 16
	// MaxLogLines is how many log calls of one run reach the host's logger;
	// later ones are dropped, after one warning that says so, so that a
	// guest logging in a loop cannot flood the host's logs.
	MaxLogLines = 16
	// MaxMetricName is the longest metric name accepted, in bytes.
	MaxMetricName = 64
	// MaxOutput is how much of a command's stdout (and of its stderr) is
	// kept, in bytes; the rest is discarded.
	MaxOutput = 64 << 10
	// maxIdle is how many idle reactor instances a Check keeps for reuse.
	maxIdle = 4
)

// Options configure how a module is loaded and run. The zero value is ready
// to use: every field's zero value means the documented default.
type Options struct {
	// Name names the check in error messages, logs and metric labels.
	// By default "wasm".
	Name string

	// Timeout is the deadline of one run; a run also ends at the deadline
	// of the context passed to Check, whichever comes first.
	// By default DefaultTimeout (2s).
	Timeout time.Duration

	// MemoryLimitPages caps the guest's linear memory, in 64 KiB pages:
	// memory.grow past it returns -1, and a module whose initial memory is
	// larger is refused. By default DefaultMemoryLimitPages (64 MiB).
	MemoryLimitPages uint32

	// MaxModuleSize is the largest module, in bytes, that Load accepts.
	// By default DefaultMaxModuleSize (32 MiB).
	MaxModuleSize int

	// MaxFunctions, MaxCodeSize and MaxFunctionSize bound what compiling
	// the module may cost the host (memory and CPU that MemoryLimitPages
	// does not cover): the functions it defines, the bytes of its code
	// section and of its largest function body. A module over any of them
	// is refused by Load before it is compiled. By default
	// DefaultMaxFunctions (20,000), DefaultMaxCodeSize (2 MiB) and
	// DefaultMaxFunctionSize (64 KiB), which keep compiling a Go guest
	// under 45 MiB and the costliest code measured under 130 MiB (see
	// "Compile cost" in README.md).
	MaxFunctions    int
	MaxCodeSize     int
	MaxFunctionSize int

	// Config holds the values the guest reads with the config host function.
	// By default there are none: config returns -1 for every key.
	Config map[string]string

	// Allow lists the "host:port" pairs http_get and tcp_dial may reach.
	// Host names compare case-insensitively; an unlisted name is allowed
	// when every address it resolves to is listed as an IP with that port.
	// By default nothing is allowed.
	Allow []string

	// MaxConnections caps the connections one run opens with http_get and
	// tcp_dial together (each redirect followed needs one; a kept-alive
	// connection reused is free). Past it both calls return -4, and the
	// result's message says how many were refused, so a guest cannot turn
	// an allowed host:port into a flood. By default DefaultMaxConnections (4).
	MaxConnections int

	// Args are a command module's arguments after argv[0] (the check name).
	// By default there are none. Reactors get no arguments.
	Args []string

	// CacheDir keeps compiled machine code on disk, so the next Load of the
	// same module (by this or another process) skips compilation.
	// By default nothing is cached on disk.
	CacheDir string

	// Metrics receives the gauges the guest sets, as
	// healthlite_wasm_metric{check="NAME",metric="latency_ms"}, and the
	// counter healthlite_wasm_instances_discarded_total{check="NAME"}.
	// A gauge keeps the value of the newest run that set it. At most
	// 4×MaxMetrics distinct metric names are exported per check.
	// By default metrics are only kept for LastMetrics.
	Metrics *metrics.Registry

	// Logger receives the guest's log calls and the loader's own warnings,
	// with a "check" attribute. By default slog.Default().
	Logger *slog.Logger
}

func (o *Options) name() string {
	if o.Name == "" {
		return "wasm"
	}
	return o.Name
}

func (o *Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return DefaultTimeout
	}
	return o.Timeout
}

func (o *Options) memoryLimitPages() uint32 {
	if o.MemoryLimitPages == 0 {
		return DefaultMemoryLimitPages
	}
	return o.MemoryLimitPages
}

func (o *Options) maxModuleSize() int {
	if o.MaxModuleSize <= 0 {
		return DefaultMaxModuleSize
	}
	return o.MaxModuleSize
}

func (o *Options) compileCaps() wasmbin.CompileCaps {
	orDefault := func(v, def int) uint32 {
		if v <= 0 {
			return uint32(def)
		}
		return uint32(min(uint64(v), math.MaxUint32))
	}
	return wasmbin.CompileCaps{
		Functions:    orDefault(o.MaxFunctions, DefaultMaxFunctions),
		Code:         orDefault(o.MaxCodeSize, DefaultMaxCodeSize),
		FunctionSize: orDefault(o.MaxFunctionSize, DefaultMaxFunctionSize),
	}
}

func (o *Options) maxConnections() int32 {
	if o.MaxConnections <= 0 {
		return DefaultMaxConnections
	}
	return int32(min(o.MaxConnections, 1<<30))
}

func (o *Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.Default()
	}
	return o.Logger
}
