package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/wasm"
)

// loadingCheck is a wasm check whose module compiles in the background, so
// that compiling (up to seconds of CPU for a large module) delays neither
// serving nor stopping. Until the module has loaded, runs report unknown
// "loading"; a module that fails to compile reports unknown with the
// reason on every run. The module's bytes have passed wasm.Precheck on the
// start-up path already.
type loadingCheck struct {
	cancel context.CancelFunc
	done   chan struct{} // closed when loading ended

	mu     sync.Mutex
	check  *wasm.Check // set when loaded and not closed
	err    error       // set when loading failed
	closed bool
}

// startLoading compiles module in the background with opts. Loading stops
// when ctx is done or Close is called.
func startLoading(ctx context.Context, module []byte, opts wasm.Options, log *slog.Logger) *loadingCheck {
	ctx, cancel := context.WithCancel(ctx)
	l := &loadingCheck{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		start := time.Now()
		c, err := wasm.Load(ctx, module, opts)
		l.mu.Lock()
		defer l.mu.Unlock()
		switch {
		case err != nil && (l.closed || ctx.Err() != nil): // stopped, not failed
		case err != nil:
			l.err = err
			log.Error("Cannot load wasm check "+opts.Name, "err", err)
		case l.closed:
			c.Close(context.Background())
		default:
			l.check = c
			log.Info("Loaded wasm check "+opts.Name, "kind", c.Kind().String(), "took", time.Since(start).Round(time.Millisecond).String())
		}
	}()
	return l
}

// Check runs the loaded module, or reports why it cannot run yet. A run
// that comes while the module is loading waits for it up to half of its
// time budget, so that a module that compiles quickly gets a real first
// result rather than "loading" until the next interval.
func (l *loadingCheck) Check(ctx context.Context, r *core.Result) {
	c, err := l.state()
	if c == nil && err == nil {
		if d, ok := ctx.Deadline(); ok {
			t := time.NewTimer(time.Until(d) / 2)
			select {
			case <-l.done:
			case <-t.C:
			case <-ctx.Done():
			}
			t.Stop()
			c, err = l.state()
		}
	}
	switch {
	case c != nil:
		c.Check(ctx, r)
	case err != nil:
		r.Status, r.Message = core.StatusUnknown, err.Error()
	default:
		r.Status, r.Message = core.StatusUnknown, "loading"
	}
}

func (l *loadingCheck) state() (*wasm.Check, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.check, l.err
}

// Close stops a load in progress without waiting for it (wazero's
// compiler does not stop midway; the goroutine closes what it compiled
// when it finishes) and closes a loaded module.
func (l *loadingCheck) Close(ctx context.Context) error {
	l.cancel()
	l.mu.Lock()
	c := l.check
	l.check, l.closed = nil, true
	l.mu.Unlock()
	if c != nil {
		return c.Close(ctx)
	}
	return nil
}
