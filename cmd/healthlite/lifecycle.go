package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/metrics"
	"github.com/healthlite/healthlite/internal/botlog"
	"github.com/healthlite/healthlite/internal/sdnotify"
	"github.com/healthlite/healthlite/transport"
)

// runServe implements "healthlite serve".
func runServe(args []string, stdout, stderr io.Writer) int {
	cfg, code := parseServe(args, stdout, stderr)
	if cfg == nil {
		return code
	}
	sigs, stop := notifyStop()
	defer stop()
	return serve(cfg, sigs, stderr)
}

// serve runs the server until the first signal on sigs, then drains and
// stops. It returns the exit status: 0 after a clean stop (also when a
// signal comes during start-up, which stops it at once at any stage), 2
// when the configuration cannot be put to work (a module that does not
// load, a push address in use, no free port with --strict, a health file
// path holding a file healthlite did not write). Every way out that runs
// code removes what serve made: the health file, the port file and the unix
// push socket.
func serve(cfg *serveConfig, sigs <-chan os.Signal, stderr io.Writer) int {
	reg := metrics.NewRegistry() // /metrics: core's own metrics and the wasm checks' gauges
	dropped, err := reg.NewCounter(droppedLinesMetric, "Log lines that could not be written (stderr closed or failing) and were dropped.")
	if err != nil {
		fmt.Fprintf(stderr, "healthlite serve: %v\n", err)
		return 2
	}
	stderr = &logSink{w: stderr, dropped: dropped}
	log := newLogger(cfg.logFormat, cfg.logLevel, stderr)
	fail := func(format string, args ...any) int {
		// Errors may quote a check's or module's text: escaped for the terminal.
		stderr.Write(append(botlog.AppendEscaped([]byte("healthlite serve: "), fmt.Sprintf(format, args...)), '\n'))
		return 2
	}
	notifier, err := sdnotify.New(os.Getenv("NOTIFY_SOCKET"))
	if err != nil {
		return fail("%v", err)
	}
	watchdog, err := sdnotify.WatchdogInterval(os.Getenv("WATCHDOG_USEC"), os.Getenv("WATCHDOG_PID"), os.Getpid())
	if err != nil {
		return fail("%v", err)
	}
	for _, path := range []string{cfg.healthFile, cfg.portFile, cfg.pushFile} {
		if path == "" {
			continue
		}
		if n, err := removeStaleTemps(path); err != nil {
			log.Warn("Cannot remove stale temporary files of "+path, "err", err)
		} else if n > 0 {
			log.Info("Removed " + strconv.Itoa(n) + " stale temporary files of " + path)
		}
	}
	if cfg.healthFile != "" {
		if err := claimHealthFile(cfg.healthFile); err != nil {
			return fail("--health-file %s %v", cfg.healthFile, err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// stopCtx ends at the first signal. The start-up stages take it, so that
	// a signal stops loading checks or probing busy ports at once.
	stopCtx := untilSignal(ctx, sigs)
	interrupted := func() bool {
		sig := receivedSignal(stopCtx)
		if sig != nil {
			log.Info("Received " + sig.String() + " during start-up, stopping")
		}
		return sig != nil
	}
	if err := cfg.tls.load(ctx, log); err != nil {
		return fail("%v", err)
	}
	version := readBuildVersion()
	h := core.New(core.Options{
		Service:     cfg.service,
		Environment: cfg.environment,
		Version:     version.Version,
		GoVersion:   version.Go,
		PID:         os.Getpid(),
		Details:     cfg.details,
		PassingCode: cfg.passingCode,
		FailingCode: cfg.failingCode,
		Metrics:     reg,

		DrainingCode:        cfg.drainingCode,
		LBHeaders:           cfg.lbHeaders,
		AgentDegradedWeight: cfg.agentWeight,
		NoStatusPage:        !cfg.statusPage,
		History:             coreHistory(cfg.history),
		FlapLow:             cfg.flapLow,
		FlapHigh:            cfg.flapHigh,
	})
	stopSampler := make(chan struct{})
	defer close(stopSampler)
	if err := startRuntimeMetrics(reg, stopSampler); err != nil {
		return fail("%v", err)
	}
	releaseLock, err := startSingleInstance(h, cfg)
	if err != nil {
		return fail("%v", err)
	}
	defer releaseLock()
	maint := newMaintSwitch(h, cfg.stateFile, log)
	targets, closers, err := register(stopCtx, h, reg, cfg, log)
	defer func() {
		for _, c := range closers {
			c(context.Background())
		}
	}()
	if interrupted() {
		return 0
	}
	if err != nil {
		return fail("%v", err)
	}

	targets.maint = maint
	logAwaited(cfg, log)
	var push *pushServer
	if cfg.push != nil {
		ln, err := listenPush(stopCtx, *cfg.push, log)
		if interrupted() {
			return 0
		}
		if err != nil {
			return fail("--push %s: %v", cfg.push.addr, err)
		}
		defer ln.Close() // removes a unix socket; a second Close is harmless
		push = newPushServer(ln, targets, log)
		if cfg.pushFile != "" {
			if err := writeFileAtomic(cfg.pushFile, []byte(pushLocation(ln)+"\n"), 0o644); err != nil {
				return fail("--push-port-file: %v", err)
			}
			defer removeFile(cfg.pushFile)
		}
	}

	ln, err := transport.Listen(stopCtx, transport.Config{Addr: cfg.addr, Ports: cfg.ports, Service: cfg.service, Logger: log})
	if ln != nil {
		defer ln.Close()
	}
	var noPort *transport.NoFreePortError
	switch {
	case interrupted():
		return 0
	case errors.As(err, &noPort) && cfg.strict:
		return fail("%v (--strict)", err)
	case errors.As(err, &noPort):
		log.Warn("Serving no HTTP endpoints; checks, push API and health file carry on")
	case err != nil:
		return fail("%v", err)
	}
	if ln != nil && cfg.portFile != "" {
		if err := writeFileAtomic(cfg.portFile, []byte(strconv.Itoa(transport.Port(ln))+"\n"), 0o644); err != nil {
			return fail("--port-file: %v", err)
		}
		defer removeFile(cfg.portFile)
	}

	var agent *agentServer
	if cfg.agent != nil {
		if agent, err = listenAgent(stopCtx, cfg, h, log); err != nil {
			if ln != nil {
				ln.Close()
			}
			if push != nil {
				push.ln.Close()
			}
			if interrupted() {
				return 0
			}
			return fail("%v", err)
		}
	}

	if err := h.Start(ctx); err != nil {
		return fail("%v", err)
	}
	errc := make(chan error, 3)
	var srv httpServer
	if ln != nil {
		srv = newHTTPServer(cfg, h, log)
		go func() { errc <- srv.Serve(ln) }()
	}
	if push != nil {
		go func() { errc <- push.serve() }()
	}
	if agent != nil {
		go func() { errc <- agent.serve() }()
	}
	stopHealthFile := func() {}
	if cfg.healthFile != "" {
		hf := newHealthFile(cfg.healthFile, cfg.fileRefresh, h, log)
		stop := make(chan struct{})
		go hf.run(stop)
		// Removes the file; deferred too, for a panic on this goroutine.
		stopHealthFile = sync.OnceFunc(func() { close(stop); <-hf.done })
		defer stopHealthFile()
	}
	if err := notifier.Notify(sdnotify.Ready); err != nil {
		log.Warn("Cannot notify systemd", "err", err)
	}
	stopWatchdog := make(chan struct{})
	watchdogDone := make(chan struct{})
	go func() {
		defer close(watchdogDone)
		runWatchdog(h, notifier, watchdog, stopWatchdog, log)
	}()

	status := 0
	select {
	case <-stopCtx.Done():
		log.Info("Received " + receivedSignal(stopCtx).String() + ", shutting down")
	case err := <-errc:
		log.Error("Server failed", "err", err)
		status = 1
	}

	// Drain: readiness fails at once while the endpoints keep answering, so
	// load balancers and Kubernetes stop sending traffic before we go.
	if err := notifier.Notify(sdnotify.Stopping); err != nil {
		log.Warn("Cannot notify systemd", "err", err)
	}
	h.Shutdown()
	if cfg.drainDelay > 0 && status == 0 {
		log.Info("Draining for " + cfg.drainDelay.String() + ": /readyz answers " + strconv.Itoa(cmp.Or(cfg.drainingCode, cfg.failingCode)))
		t := time.NewTimer(cfg.drainDelay)
		select {
		case <-t.C:
		case sig := <-sigs:
			t.Stop()
			log.Warn("Received " + sig.String() + " again, stopping without waiting for the drain delay")
		}
	}
	close(stopWatchdog)
	<-watchdogDone
	sctx, scancel := context.WithTimeout(context.Background(), cfg.stopTimeout)
	defer scancel()
	if srv != nil {
		if err := srv.Shutdown(sctx); err != nil {
			log.Warn("Health server did not stop cleanly", "err", err)
		}
	}
	if push != nil {
		if err := push.shutdown(sctx); err != nil {
			log.Warn("Push API did not stop cleanly", "err", err)
		}
	}
	if agent != nil {
		agent.shutdown()
	}
	cancel()
	h.Stop()
	stopHealthFile()
	log.Info("Stopped")
	return status
}

// runWatchdog sends WATCHDOG=1 every interval/2 while the live checks pass,
// so systemd restarts a process whose liveness failed (or that hangs) after
// WatchdogSec. It returns when stop is closed; interval 0 means no watchdog.
func runWatchdog(h *core.Health, n *sdnotify.Notifier, interval time.Duration, stop <-chan struct{}, log *slog.Logger) {
	if n == nil || interval <= 0 {
		return
	}
	t := time.NewTicker(interval / 2)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if !h.Snapshot().Live() {
				if !failing {
					log.Warn("Liveness fails: withholding the systemd watchdog keep-alive")
				}
				failing = true
				log.Debug("Watchdog keep-alive withheld")
				continue
			}
			if failing {
				log.Info("Liveness passes again: sending the systemd watchdog keep-alive")
			}
			failing = false
			if err := n.Notify(sdnotify.Watchdog); err != nil {
				log.Warn("Cannot notify systemd", "err", err)
			}
		}
	}
}
