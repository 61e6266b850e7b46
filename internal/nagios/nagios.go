// Package nagios reads the output of Nagios plugins, the oldest and most
// widely implemented contract for health checks: an exit code (0 OK,
// 1 WARNING, 2 CRITICAL, 3 UNKNOWN), a one-line message on stdout and
// optional performance data after a '|'.
//
// healthlite uses it for exec checks (any command, any language) and for
// WASI command modules, so a plugin written for Nagios, Icinga or Sensu runs
// unchanged. The format is the one in the Nagios Plugin Development
// Guidelines (https://nagios-plugins.org/doc/guidelines.html#AEN200).
package nagios

import "github.com/healthlite/healthlite/core"

// StatusOf maps a plugin's exit code to a status: 0 pass, 1 warn, 2 fail and
// anything else (3 UNKNOWN, a crash, a signal) unknown.
func StatusOf(exitCode int) core.Status {
	switch exitCode {
	case 0:
		return core.StatusPass
	case 1:
		return core.StatusWarn
	case 2:
		return core.StatusFail
	}
	return core.StatusUnknown
}
