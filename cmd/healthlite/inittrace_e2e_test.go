package main

import (
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestOwnPackagesInitLittle runs "healthlite version" with
// GODEBUG=inittrace=1 and holds this module's packages to a few
// allocations each at initialisation: every start of the binary, "probe"
// included, pays for what a package builds eagerly (rendered answers,
// tables, regexps), so such things are built on first use instead.
func TestOwnPackagesInitLittle(t *testing.T) {
	bin := binary(t)
	cmd := exec.Command(bin, "version")
	cmd.Env = append(baseEnv(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("healthlite version: %v\n%s", err, out)
	}
	const maxAllocs = 64 // main has 15 today; grpchealth had 269 when it rendered its answers at init
	line := regexp.MustCompile(`(?m)^init (github\.com/healthlite/healthlite\S*|main) @.*, (\d+) allocs$`)
	seen := 0
	for _, m := range line.FindAllStringSubmatch(string(out), -1) {
		seen++
		if n, _ := strconv.Atoi(m[2]); n > maxAllocs {
			t.Errorf("package %s allocates %d times at init, want at most %d: build it on first use (sync.OnceValue)", m[1], n, maxAllocs)
		}
	}
	if seen == 0 {
		t.Fatalf("no init lines of this module in GODEBUG=inittrace=1 output:\n%s", out)
	}
}
