// Package core is the zero-allocation heart of healthlite: checks run by a
// scheduler (never on the probe path), immutable snapshots with pre-rendered
// bodies, and a router that answers every endpoint from the newest snapshot.
//
// core imports only the standard library packages that TinyGo supports, and
// serving any endpoint from a current snapshot allocates nothing.
//
// # Checks
//
// Active checks (Register) are Checkers run on their own interval with a
// timeout, an initial delay, rise and fall thresholds and a criticality. A
// check that panics is reported as failed with the panic value (with the Go
// toolchain; TinyGo cannot recover panics on WebAssembly); one that
// overruns its timeout is reported as failed ("timeout after 2s") and is
// abandoned, never delaying other checks or probes.
//
// Passive checks are set by the process itself: flags (Flag, shown as
// top-level booleans of /health, like the bot server's bot_ready),
// heartbeats with a time to live (Heartbeat), and set-status reporters
// (Reporter). Updating them never allocates; a change wakes the scheduler,
// which renders the new snapshot on its own goroutine.
//
// # Status model
//
// A group's status is the worst status of its critical checks (fail, then
// unknown, then warn), and warn for a non-critical check that does not
// pass. Pass and warn answer 200; fail and unknown answer 503. /health
// words them healthy, degraded, unhealthy, or starting while starting.
//
// # Lifecycle
//
// A Health is starting until Start has been called and every GroupStartup
// check has passed once; then running; Shutdown begins draining, when
// readiness is false at once and liveness unchanged.
//
// # Load balancers
//
// Snapshot.State folds the snapshot into what a load balancer acts on, in
// order of precedence: maintenance (SetMaintenance, the operator's switch),
// draining, failing, degraded, healthy. AgentReply renders it for HAProxy's
// agent-check ("up ready 100%", "up ready 50%", "up drain", "maint",
// "down ready #reason"); Options.DrainingCode is what /readyz answers while
// draining or in maintenance; Options.LBHeaders adds Envoy's headers. All
// are rendered with the snapshot and cost a probe nothing. Liveness follows
// neither maintenance nor draining.
//
// # Snapshots and routing
//
// Each snapshot holds its bodies already rendered: /health as the bot
// server's JSON, and of the other variants (IETF health+json, /healthz,
// /livez and /readyz in the Kubernetes text form, each plain and verbose,
// the /status page) those clients have asked for: the first request for a
// variant renders it into Response.Scratch and has every later snapshot
// pre-render it, so a small device keeps only the bodies it serves. A new
// snapshot is published
// through an atomic pointer whenever a result changes and once a second for
// the time fields (uptime_seconds, last_heartbeat). Route answers a Request
// from the newest snapshot; variants that cannot be pre-rendered
// (?exclude=NAME, /readyz/NAME) are rendered into Response.Scratch.
package core
