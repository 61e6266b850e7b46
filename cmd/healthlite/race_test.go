//go:build race

package main

// Under go test -race the black-box tests build the binary with -race too,
// so data races in the running server fail the test (the race detector
// makes the process exit with status 66).
func init() { buildFlags = append(buildFlags, "-race") }
