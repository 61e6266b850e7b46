package wasm

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"strconv"

	"github.com/tetratelabs/wazero/api"
)

// hostFunc is one function of the "healthlite" import module.
type hostFunc struct {
	name    string
	params  []api.ValueType
	results []api.ValueType
	fn      func(ctx context.Context, st *runState, mod api.Module, stack []uint64)
}

var (
	i32 = api.ValueTypeI32
	f64 = api.ValueTypeF64
)

// hostFuncs is ABI v1's "healthlite" module (see ABI.md).
var hostFuncs = []hostFunc{
	{"set_message", []api.ValueType{i32, i32}, nil, hostSetMessage},
	{"set_metric", []api.ValueType{i32, i32, f64}, nil, hostSetMetric},
	{"config", []api.ValueType{i32, i32, i32, i32}, []api.ValueType{i32}, hostConfig},
	{"log", []api.ValueType{i32, i32, i32}, nil, hostLog},
	{"http_get", []api.ValueType{i32, i32, i32, i32}, []api.ValueType{i32}, hostHTTPGet},
	{"tcp_dial", []api.ValueType{i32, i32, i32}, []api.ValueType{i32}, hostTCPDial},
}

func hostFuncByName(name string) (hostFunc, bool) {
	for _, h := range hostFuncs {
		if h.name == name {
			return h, true
		}
	}
	return hostFunc{}, false
}

// instantiateHost adds the "healthlite" module to the check's runtime.
func (c *Check) instantiateHost(ctx context.Context) error {
	b := c.runtime.NewHostModuleBuilder(hostModule)
	for _, h := range hostFuncs {
		h := h
		b.NewFunctionBuilder().
			WithGoModuleFunction(api.GoModuleFunc(func(ctx context.Context, mod api.Module, stack []uint64) {
				st := stateOf(ctx)
				if st == nil {
					// Called outside a run (a start function): refuse.
					panic(fmt.Errorf("healthlite.%s called outside a check run", h.name))
				}
				h.fn(ctx, st, mod, stack)
			}), h.params, h.results).
			Export(h.name)
	}
	_, err := b.Instantiate(ctx)
	return err
}

// fail records why the run fails and unwinds the guest; wazero turns the
// panic into an error returned by the call, and the instance is discarded.
func (st *runState) fail(format string, args ...any) {
	st.err = fmt.Errorf(format, args...)
	panic(st.err)
}

// guestBytes returns memory[ptr:ptr+n] of the calling module, or fails the
// run when the range is outside memory. The slice aliases guest memory:
// use it before returning to the guest.
func (st *runState) guestBytes(mod api.Module, fn, what string, ptr, n uint32) []byte {
	mem := mod.Memory()
	if mem == nil {
		st.fail("healthlite.%s: the module exports no memory", fn)
	}
	if int32(n) < 0 {
		st.fail("healthlite.%s: %s length %d is negative", fn, what, int32(n))
	}
	b, ok := mem.Read(ptr, n)
	if !ok {
		st.fail("healthlite.%s: %s [%d, %d) is outside memory (%d bytes)", fn, what, ptr, uint64(ptr)+uint64(n), mem.Size())
	}
	return b
}

func hostSetMessage(_ context.Context, st *runState, mod api.Module, stack []uint64) {
	msg := st.guestBytes(mod, "set_message", "message", api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	st.setMessage(msg)
}

func hostSetMetric(_ context.Context, st *runState, mod api.Module, stack []uint64) {
	name := st.guestBytes(mod, "set_metric", "name", api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	if !validMetricName(name) {
		st.fail("healthlite.set_metric: name %q is not [a-zA-Z_][a-zA-Z0-9_]* of at most %d bytes", capMessage(name), MaxMetricName)
	}
	v := api.DecodeF64(stack[2])
	if !st.setMetric(name, v) {
		st.fail("healthlite.set_metric: %q would be metric %d; a run may set at most %d", name, MaxMetrics+1, MaxMetrics)
	}
}

func hostConfig(_ context.Context, st *runState, mod api.Module, stack []uint64) {
	key := st.guestBytes(mod, "config", "key", api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	bufPtr, bufCap := api.DecodeU32(stack[2]), api.DecodeU32(stack[3])
	buf := st.guestBytes(mod, "config", "buffer", bufPtr, bufCap)
	v, ok := st.check.opts.Config[string(key)]
	if !ok {
		stack[0] = api.EncodeI32(-1)
		return
	}
	copy(buf, v)
	if len(v) > math.MaxInt32 {
		stack[0] = api.EncodeI32(math.MaxInt32)
		return
	}
	stack[0] = api.EncodeI32(int32(len(v)))
}

func hostLog(ctx context.Context, st *runState, mod api.Module, stack []uint64) {
	level := int32(stack[0])
	msg := st.guestBytes(mod, "log", "message", api.DecodeU32(stack[1]), api.DecodeU32(stack[2]))
	l := slog.LevelInfo
	switch level {
	case 0:
		l = slog.LevelDebug
	case 2:
		l = slog.LevelWarn
	case 3:
		l = slog.LevelError
	}
	st.logs++
	switch {
	case st.logs == MaxLogLines+1:
		st.check.log.Warn("wasm: the check logs more than " + strconv.Itoa(MaxLogLines) + " lines in one run; the rest of this run's are dropped")
	case st.logs <= MaxLogLines && st.check.log.Enabled(ctx, l):
		st.check.log.Log(ctx, l, validMessage(capMessage(msg)))
	}
}

func hostHTTPGet(ctx context.Context, st *runState, mod api.Module, stack []uint64) {
	url := st.guestBytes(mod, "http_get", "url", api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	// Check the body range before the request, so a bad pointer costs no I/O.
	body := st.guestBytes(mod, "http_get", "body buffer", api.DecodeU32(stack[2]), api.DecodeU32(stack[3]))
	// The body is read straight into guest memory: the guest is paused
	// during the call, so the range cannot move.
	code, denied := st.check.net.get(ctx, string(url), body)
	st.deny(denied)
	stack[0] = api.EncodeI32(code)
}

func hostTCPDial(ctx context.Context, st *runState, mod api.Module, stack []uint64) {
	addr := st.guestBytes(mod, "tcp_dial", "address", api.DecodeU32(stack[0]), api.DecodeU32(stack[1]))
	code, denied := st.check.net.dial(ctx, string(addr), int32(stack[2]))
	st.deny(denied)
	stack[0] = api.EncodeI32(code)
}
