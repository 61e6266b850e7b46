package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// buildVersion describes this binary from its embedded build information:
// the module version (or "(devel)"), the VCS revision with a "-dirty" mark,
// and the Go version.
type buildVersion struct {
	Version, Commit, Go string
}

func readBuildVersion() buildVersion {
	v := buildVersion{Version: "(devel)", Commit: "unknown", Go: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v.Go = bi.GoVersion
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && v.Commit != "unknown" {
		v.Commit += "-dirty"
	}
	return v
}

// runVersion prints "healthlite VERSION (commit COMMIT, GO)".
func runVersion(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			fmt.Fprintln(stdout, "Usage: healthlite version\n\nPrints the version, the commit it was built from and the Go version.")
			return 0
		}
		fmt.Fprintf(stderr, "healthlite version: unexpected argument %q (it takes none)\n", args[0])
		return 2
	}
	v := readBuildVersion()
	fmt.Fprintf(stdout, "healthlite %s (commit %s, %s)\n", v.Version, v.Commit, v.Go)
	return 0
}
