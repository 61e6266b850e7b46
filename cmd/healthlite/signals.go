package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// notifyStop routes the signals that stop serve to the returned channel:
// SIGINT, SIGTERM, and SIGHUP (the terminal closed) unless the process was
// started with SIGHUP ignored, as nohup does, which it keeps ignoring. It
// also catches SIGPIPE, so that a write to a stdout or stderr whose reader
// went away ("healthlite serve 2>&1 | head -1") fails with EPIPE instead of
// killing the process with no clean-up; catching rather than ignoring keeps
// SIGPIPE's default for the exec checks' children. stop undoes it all.
func notifyStop() (sigs <-chan os.Signal, stop func()) {
	c := make(chan os.Signal, 2)
	wanted := []os.Signal{syscall.SIGINT, syscall.SIGTERM}
	if !signal.Ignored(syscall.SIGHUP) {
		wanted = append(wanted, syscall.SIGHUP)
	}
	signal.Notify(c, wanted...)
	pipe := make(chan os.Signal, 1) // never read: the write's EPIPE is what counts
	signal.Notify(pipe, syscall.SIGPIPE)
	return c, func() { signal.Stop(c); signal.Stop(pipe) }
}

// signalReceived is the cancellation cause of a context that a signal ended.
type signalReceived struct{ sig os.Signal }

func (s signalReceived) Error() string { return "received " + s.sig.String() }

// untilSignal returns a context that is cancelled when the first signal
// comes on sigs (its cause a signalReceived) or when parent ends. Start-up
// stages (loading checks, binding with its duplicate probes) take it, so
// that a signal stops them at once; later signals stay on sigs.
func untilSignal(parent context.Context, sigs <-chan os.Signal) context.Context {
	ctx, cancel := context.WithCancelCause(parent)
	go func() {
		select {
		case sig := <-sigs:
			cancel(signalReceived{sig})
		case <-ctx.Done():
		}
	}()
	return ctx
}

// receivedSignal returns the signal that ended ctx, or nil when none did.
func receivedSignal(ctx context.Context) os.Signal {
	if s, ok := context.Cause(ctx).(signalReceived); ok {
		return s.sig
	}
	return nil
}
