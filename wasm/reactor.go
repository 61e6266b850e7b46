package wasm

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// instance is one instantiation of a reactor, reused across runs until
// anything goes wrong with it.
type instance struct {
	mod   api.Module
	check api.Function
	stack [1]uint64
	state runState
}

func (inst *instance) stateOrNil() *runState {
	if inst == nil {
		return nil
	}
	return &inst.state
}

// reactorConfig is the sandbox of a reactor instance: real clocks, random
// bytes, nothing else (no arguments, environment, files, stdout or stderr).
func reactorConfig() wazero.ModuleConfig {
	return wazero.NewModuleConfig().
		WithName("").
		WithStartFunctions().
		WithSysWalltime().
		WithSysNanotime().
		WithRandSource(rand.Reader)
}

// newInstance instantiates the module and calls its _initialize.
func (c *Check) newInstance(ctx context.Context) (*instance, error) {
	inst := &instance{}
	inst.state.check = c
	ctx = context.WithValue(ctx, runKey{}, &inst.state)
	mod, err := c.runtime.InstantiateModule(ctx, c.compiled, reactorConfig())
	if err != nil {
		return nil, err
	}
	inst.mod = mod
	inst.check = mod.ExportedFunction("check")
	if init := mod.ExportedFunction("_initialize"); init != nil {
		if err := init.CallWithStack(ctx, nil); err != nil {
			mod.Close(context.Background())
			if inst.state.err != nil {
				err = inst.state.err
			}
			return nil, &initError{err}
		}
	}
	return inst, nil
}

type initError struct{ err error }

func (e *initError) Error() string { return "_initialize: " + e.err.Error() }
func (e *initError) Unwrap() error { return e.err }

// acquire takes an idle instance or makes a new one.
func (c *Check) acquire(ctx context.Context) (*instance, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errClosed
	}
	if n := len(c.idle); n > 0 {
		inst := c.idle[n-1]
		c.idle[n-1] = nil
		c.idle = c.idle[:n-1]
		c.mu.Unlock()
		return inst, nil
	}
	c.mu.Unlock()
	return c.newInstance(ctx)
}

// release returns a healthy instance to the pool, or closes it.
func (c *Check) release(inst *instance) {
	c.mu.Lock()
	if !c.closed && len(c.idle) < maxIdle && !inst.mod.IsClosed() {
		c.idle = append(c.idle, inst)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	inst.mod.Close(context.Background())
}

// discard closes an instance that trapped, timed out or misused the ABI.
func (c *Check) discard(inst *instance) {
	inst.mod.Close(context.Background())
	c.mu.Lock()
	c.countDiscard()
	c.mu.Unlock()
}

// runReactor calls check on a pooled instance. It returns the instance
// (to be released after its state is read) when the run completed, or nil,
// with r holding the failure, when it did not.
func (c *Check) runReactor(ctx context.Context, start time.Time, r *core.Result) *instance {
	inst, err := c.acquire(ctx)
	if err != nil {
		r.Status, r.Message = core.StatusFail, runError(ctx, start, err)
		return nil
	}
	st := &inst.state
	st.reset()
	ctx = context.WithValue(ctx, runKey{}, st)
	inst.stack[0] = 0
	err = inst.check.CallWithStack(ctx, inst.stack[:])
	if err == nil && inst.mod.IsClosed() {
		err = ctx.Err() // closed by the deadline as the call returned
		if err == nil {
			err = errClosed
		}
	}
	if err != nil {
		c.discard(inst)
		r.Status = core.StatusFail
		if st.err != nil && ctx.Err() == nil {
			r.Message = st.err.Error()
		} else {
			r.Message = runError(ctx, start, err)
		}
		if note := st.connNote(c.net.maxConns); note != "" {
			r.Message += " (" + note + ")"
		}
		return nil
	}
	r.Status, st.note = statusOf(int64(int32(inst.stack[0])), "check returned")
	return inst
}
