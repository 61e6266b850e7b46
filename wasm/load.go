package wasm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/healthlite/healthlite/wasm/internal/allowlist"
	"github.com/healthlite/healthlite/wasm/internal/wasmbin"
)

// Kind is how a module is run, detected by Load from its exports.
type Kind uint8

const (
	// Reactor modules export check() -> i32; instances are pooled and check
	// is called once per run.
	Reactor Kind = iota + 1
	// Command modules are WASI programs exporting _start; each run
	// instantiates the module afresh and runs it to completion.
	Command
)

// String returns "reactor" or "command".
func (k Kind) String() string {
	switch k {
	case Reactor:
		return "reactor"
	case Command:
		return "command"
	}
	return "invalid"
}

const (
	hostModule = "healthlite"
	wasiModule = wasi_snapshot_preview1.ModuleName
)

// LoadFile reads a module from path and loads it as Load does.
func LoadFile(ctx context.Context, path string, opts Options) (*Check, error) {
	b, err := ReadFile(path, opts)
	if err != nil {
		return nil, err
	}
	return Load(ctx, b, opts)
}

// ReadFile reads a module from path, refusing a directory and a file over
// Options.MaxModuleSize before reading it.
func ReadFile(path string, opts Options) ([]byte, error) {
	max := opts.maxModuleSize()
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("healthlite: wasm[%q]: %w", opts.name(), err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("healthlite: wasm[%q]: %s is a directory, not a .wasm file", opts.name(), path)
	}
	if fi.Size() > int64(max) {
		return nil, tooLarge(opts.name(), fi.Size(), max)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("healthlite: wasm[%q]: %w", opts.name(), err)
	}
	return b, nil
}

// Precheck makes the checks Load makes before compiling — the options, the
// module's size and format, its declared counts and sizes, its tables and
// the compile caps (MaxFunctions, MaxCodeSize, MaxFunctionSize) — and
// returns the error Load would. It takes one pass over the module, no
// compilation, so a server can refuse a bad module on its start-up path
// and compile a good one in the background.
func Precheck(module []byte, opts Options) error {
	_, _, err := precheck(module, &opts)
	return err
}

// precheck is Precheck; it returns the parsed allow list and the module
// with its tables capped (see wasmbin.CapTables).
func precheck(module []byte, opts *Options) (allowlist.List, []byte, error) {
	name := opts.name()
	allow, err := allowlist.Parse(opts.Allow)
	if err != nil {
		return allowlist.List{}, nil, fmt.Errorf("healthlite: wasm[%q]: %w", name, err)
	}
	if err := sniff(name, module, opts.maxModuleSize()); err != nil {
		return allowlist.List{}, nil, err
	}
	if err := wasmbin.CheckCompileCost(module, opts.compileCaps()); err != nil {
		return allowlist.List{}, nil, fmt.Errorf("healthlite: wasm[%q]: refused before compiling: %w", name, err)
	}
	if err := wasmbin.CheckDeclaredSizes(module); err != nil {
		return allowlist.List{}, nil, fmt.Errorf("healthlite: wasm[%q]: not a valid WebAssembly module: %w", name, err)
	}
	if module, err = wasmbin.CapTables(module); err != nil {
		return allowlist.List{}, nil, fmt.Errorf("healthlite: wasm[%q]: %w", name, err)
	}
	return allow, module, nil
}

// Load compiles a module, checks it against ABI v1 and, for a reactor,
// creates its first instance (so a module that cannot start is refused
// here, not on its first run). The returned Check owns one wazero runtime;
// Close it when done.
//
// Load refuses, with an error saying what is wrong and what would fix it:
// bytes that are not WebAssembly, a module over Options.MaxModuleSize, one
// that exports neither check nor _start, a check with a signature other than
// () -> i32, and imports from modules other than "healthlite" and
// "wasi_snapshot_preview1" or of functions the ABI does not define. It also
// refuses, before compiling, a module over MaxFunctions, MaxCodeSize or
// MaxFunctionSize (compiling costs host memory and CPU), sizes and counts
// the module's bytes cannot hold, functions with more than 50,000 locals
// and tables of more than 1 Mi elements, and gives every table a maximum
// (at most its minimum plus 4,096), since wazero keeps tables in host
// memory that MemoryLimitPages does not bound.
func Load(ctx context.Context, module []byte, opts Options) (*Check, error) {
	name := opts.name()
	allow, module, err := precheck(module, &opts)
	if err != nil {
		return nil, err
	}

	rc := wazero.NewRuntimeConfig().
		WithCloseOnContextDone(true).
		WithMemoryLimitPages(opts.memoryLimitPages())
	var cache wazero.CompilationCache
	if opts.CacheDir != "" {
		if cache, err = wazero.NewCompilationCacheWithDir(opts.CacheDir); err != nil {
			return nil, fmt.Errorf("healthlite: wasm[%q]: compilation cache %s: %w", name, opts.CacheDir, err)
		}
		rc = rc.WithCompilationCache(cache)
	}
	// Keep copies: the caller may change its map and slices after Load, and
	// runs read them concurrently.
	opts.Config = maps.Clone(opts.Config)
	opts.Args = slices.Clone(opts.Args)
	opts.Allow = slices.Clone(opts.Allow)
	rt := newRuntime(ctx, rc)
	c := &Check{
		name:    name,
		opts:    opts,
		timeout: opts.timeout(),
		log:     opts.logger().With("check", name),
		runtime: rt,
		cache:   cache,
		net:     newNetwork(allow, opts.maxConnections()),
	}
	if err := c.compile(ctx, module); err != nil {
		c.Close(ctx)
		return nil, err
	}
	c.newExporter()
	return c, nil
}

// compile compiles the module, validates it and prepares its host modules.
func (c *Check) compile(ctx context.Context, module []byte) error {
	cm, err := c.runtime.CompileModule(ctx, module)
	if err != nil {
		msg := oneLine(err.Error()) // a compile error has no stack trace to cut
		if strings.Contains(msg, "over limit of") {
			return c.errorf("%s; raise MemoryLimitPages or give the module a smaller initial memory", msg)
		}
		return c.errorf("not a valid WebAssembly module: %s", msg)
	}
	c.compiled = cm
	exports := cm.ExportedFunctions()
	switch {
	case exports["check"] != nil:
		c.kind = Reactor
		if err := checkSignature(exports["check"]); err != nil {
			return c.errorf("%s", err)
		}
	case exports["_start"] != nil:
		c.kind = Command
	default:
		return c.errorf("exports neither check (a reactor: export check() -> i32) nor _start (a WASI command); see wasm/ABI.md")
	}

	usesHost, usesWASI := false, c.kind == Command
	for _, m := range cm.ImportedMemories() {
		mod, n, _ := m.Import()
		return c.errorf("imports memory %s; export the memory instead (for wasm-ld: drop --import-memory)", qualified(mod, n))
	}
	for _, f := range cm.ImportedFunctions() {
		mod, n, _ := f.Import()
		switch mod {
		case hostModule:
			if err := checkHostImport(n, f); err != nil {
				return c.errorf("%s", err)
			}
			usesHost = true
		case wasiModule:
			usesWASI = true
		default:
			return c.errorf("imports unknown module %q (function %s); ABI v1 provides only %q and %q", mod, qualified(mod, n), hostModule, wasiModule)
		}
	}
	if usesHost && c.kind == Reactor {
		if _, ok := cm.ExportedMemories()["memory"]; !ok {
			return c.errorf("imports healthlite functions but exports no memory named \"memory\"; export it")
		}
	}
	if usesWASI {
		if _, err := wasi_snapshot_preview1.Instantiate(ctx, c.runtime); err != nil {
			return c.errorf("instantiate WASI: %w", err)
		}
	}
	if usesHost {
		if err := c.instantiateHost(ctx); err != nil {
			return c.errorf("instantiate host functions: %w", err)
		}
	}
	if c.kind == Reactor {
		// Prove the module starts, and keep the instance for the first run.
		ctx, cancel := context.WithTimeout(ctx, c.timeout)
		defer cancel()
		inst, err := c.newInstance(ctx)
		if err != nil {
			return c.errorf("%s", firstLine(err.Error()))
		}
		c.release(inst)
	}
	return nil
}

func (c *Check) errorf(format string, args ...any) error {
	return fmt.Errorf("healthlite: wasm[%q]: "+format, append([]any{c.name}, args...)...)
}

// sniff refuses what is obviously not a module before wazero sees it.
func sniff(name string, b []byte, max int) error {
	if len(b) > max {
		return tooLarge(name, int64(len(b)), max)
	}
	if len(b) == 0 {
		return fmt.Errorf("healthlite: wasm[%q]: not WebAssembly: the module is empty", name)
	}
	magic := []byte("\x00asm")
	if len(b) < 8 || !bytes.Equal(b[:4], magic) {
		hint := "want a binary .wasm file"
		if t := bytes.TrimSpace(b); bytes.HasPrefix(t, []byte("(module")) || bytes.HasPrefix(t, []byte(";;")) {
			hint = "this looks like WAT text; compile it with wat2wasm first"
		}
		var head []byte
		if len(b) > 4 {
			head = b[:4]
		} else {
			head = b
		}
		return fmt.Errorf("healthlite: wasm[%q]: not WebAssembly: starts with %q, not the \\0asm magic; %s", name, head, hint)
	}
	if !bytes.Equal(b[4:8], []byte{1, 0, 0, 0}) {
		return fmt.Errorf("healthlite: wasm[%q]: unsupported WebAssembly binary version % x; want version 1 (components are not supported: build a core module)", name, b[4:8])
	}
	return nil
}

func tooLarge(name string, size int64, max int) error {
	return fmt.Errorf("healthlite: wasm[%q]: module is %d bytes, over the limit of %d; strip debug info (wasm-opt --strip-debug, -no-debug) or raise MaxModuleSize", name, size, max)
}

func checkSignature(f api.FunctionDefinition) error {
	p, r := f.ParamTypes(), f.ResultTypes()
	if len(p) == 0 && len(r) == 1 && r[0] == api.ValueTypeI32 {
		return nil
	}
	return fmt.Errorf("export check has signature %s; ABI v1 wants check() -> i32", signature(p, r))
}

func checkHostImport(name string, f api.FunctionDefinition) error {
	hf, ok := hostFuncByName(name)
	if !ok {
		names := make([]string, len(hostFuncs))
		for i, h := range hostFuncs {
			names[i] = h.name
		}
		return fmt.Errorf("imports unknown function %s; ABI v1 provides %s", qualified(hostModule, name), strings.Join(names, ", "))
	}
	if !equalTypes(f.ParamTypes(), hf.params) || !equalTypes(f.ResultTypes(), hf.results) {
		return fmt.Errorf("imports %s with signature %s; ABI v1 defines %s", qualified(hostModule, name),
			signature(f.ParamTypes(), f.ResultTypes()), signature(hf.params, hf.results))
	}
	return nil
}

// qualified renders an import's module.name for a message, quoted when a
// part would not print on one line (names are any UTF-8, newlines included).
func qualified(mod, name string) string {
	s := mod + "." + name
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

func equalTypes(a, b []api.ValueType) bool {
	return bytes.Equal(a, b)
}

// signature renders "(i32, i32) -> i32".
func signature(params, results []api.ValueType) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, p := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(api.ValueTypeName(p))
	}
	b.WriteByte(')')
	if len(results) > 0 {
		b.WriteString(" -> ")
		for i, r := range results {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(api.ValueTypeName(r))
		}
	}
	return b.String()
}

// firstLine keeps the first line of a wazero error (the rest is a stack
// trace), made one line by oneLine.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return oneLine(s)
}

// oneLine writes the control characters of a wazero message as escapes: it
// may quote a module's names, which can hold any, line breaks included.
func oneLine(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var errClosed = errors.New("check is closed")

// runtimeMu serialises wazero.NewRuntimeWithConfig: wazero v1.12 fills a
// package variable (its version, read from the build info) on first use
// without a lock, so two checks loading at once (serve loads each in its own
// goroutine) race there.
var runtimeMu sync.Mutex

// newRuntime is wazero.NewRuntimeWithConfig under runtimeMu.
func newRuntime(ctx context.Context, rc wazero.RuntimeConfig) wazero.Runtime {
	runtimeMu.Lock()
	defer runtimeMu.Unlock()
	return wazero.NewRuntimeWithConfig(ctx, rc)
}
