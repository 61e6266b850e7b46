// Package wasm runs health checks written in any language as WebAssembly
// modules, sandboxed by wazero.
//
// A module is loaded once with Load or LoadFile and run as often as the
// scheduler asks: *Check implements core.Checker. The contract between a
// module and the host, ABI v1, is written for module authors in ABI.md
// beside this file; in short:
//
//   - A reactor exports memory and check() -> i32 (0 pass, 1 warn, 2 fail,
//     3 unknown) and imports what it needs from module "healthlite":
//     set_message, set_metric, config, log, http_get, tcp_dial.
//   - A command is any WASI preview 1 program (_start), run once per check
//     like a Nagios plugin: exit code = status, first stdout line = message,
//     perfdata after '|' = metrics.
//
// # Refusals
//
// Load refuses, with one line saying what is wrong and what would fix it,
// bytes that are not WebAssembly, a module over Options.MaxModuleSize, one
// that exports neither check nor _start, a check with a signature other than
// () -> i32, an initial memory over the cap, and any import that is not an
// ABI v1 function of "healthlite" (with its signature) or a WASI preview 1
// function.
//
// # Sandbox
//
// Each Check owns one wazero runtime, built with WithCloseOnContextDone, so
// a run that passes its deadline (Options.Timeout, or the caller's deadline
// when sooner) is stopped even inside an endless loop. Memory is capped
// (Options.MemoryLimitPages). There is no file system, no environment and
// no network: http_get and tcp_dial reach only the "host:port" pairs in
// Options.Allow, resolving names on the host and dialing only addresses it
// checked. Every pointer and length a guest passes is bounds-checked; a bad
// one fails the run, never the host.
//
// # Pooling
//
// Reactor instances are kept in a small pool and reused, so a run costs one
// guest call, not an instantiation (about 2 µs against 90 µs). Globals and
// memory persist on an instance between runs. An instance is discarded after
// any trap, timeout or host-call error, and the next run gets a fresh one.
// Commands are instantiated afresh for every run, as programs expect.
//
// # Results
//
// A completed run reports its status, its message (at most MaxMessage bytes,
// valid UTF-8) and the metrics it set; the first metric is also the result's
// Value. A run that traps, times out or misuses the ABI reports
// core.StatusFail with a message such as "timeout after 2s",
// "trap: unreachable" or "healthlite.set_message: message [4096, 8192) is
// outside memory (65536 bytes)". Metrics are kept for LastMetrics and, with
// Options.Metrics, exported as healthlite_wasm_metric{check,metric} gauges.
package wasm
