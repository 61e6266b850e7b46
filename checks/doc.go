// Package checks provides ready-made active health checks: HTTP, TCP, a
// heartbeat file and an external command with Nagios plugin semantics, and
// the box checks a host without plugins needs (Disk, Memory, Load, DNS,
// Process), in Go without cgo.
//
// Each constructor returns a core.Checker to pass to core.Health.Register;
// the healthlite binary builds the same checkers from its --check flags, so a
// library user and a sidecar user get identical behaviour and messages.
//
// Every check honours its context: when the scheduler's timeout expires it
// returns at once with StatusFail and "timeout after 2s" (an Exec check first
// kills the command's whole process group and, on Linux, every descendant;
// see BecomeSubreaper for what a command leaves behind when it exits). Checks that measure something
// report it in Result.Value: latency in seconds for HTTP and TCP, the file's
// age in seconds for File, the first perfdata value for Exec.
package checks
