// Command healthlite serves health and metrics endpoints for a process
// written in anything, probes them, and runs custom WebAssembly checks.
//
//	healthlite serve [flags]        run the health server (checks, push API, health file)
//	healthlite probe [flags]        exit 0 when a health server answers 2xx, 1 otherwise
//	healthlite check FILE.wasm      run a custom check once and print its result
//	healthlite maint on|off|status  switch maintenance mode through the push API
//	healthlite version              print version, commit and Go version
//
// Every flag can also be given by an environment variable; "healthlite
// COMMAND --help" lists them with their defaults.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/healthlite/healthlite/checks"
)

func main() {
	// The binary starts no children but exec checks' commands, so it may
	// reap every orphan: what a plugin leaves behind (setsid, double fork)
	// is reparented here, killed and reaped (Linux; elsewhere a no-op).
	// Not in run: in-process tests start children of their own.
	checks.BecomeSubreaper()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const mainUsage = `Usage: healthlite COMMAND [flags]

Commands:
  serve     run the health server: checks, push API, health file, systemd notify
  probe     ask a health server; exit 0 on 2xx, 1 otherwise (Docker HEALTHCHECK)
  check     run a custom WebAssembly check once and print its result
  maint     switch maintenance mode on or off through the push API
  version   print version, commit and Go version
  help      print this help, or "help COMMAND" for a command's flags
`

// run is the whole program: it returns the exit status instead of exiting,
// so tests call it in-process.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return 2
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return runServe(rest, stdout, stderr)
	case "probe":
		return runProbe(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "maint":
		return runMaint(rest, stdout, stderr)
	case "version", "--version", "-version":
		return runVersion(rest, stdout, stderr)
	case "help", "-h", "--help", "-help":
		if len(rest) > 0 && rest[0] != "help" {
			return run([]string{rest[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, mainUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "healthlite: unknown command %q (want serve, probe, check, maint, version or help)\n", cmd)
		return 2
	}
}
