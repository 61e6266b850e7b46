package main

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// benchLine is one result line of `go test -bench -benchmem`.
type benchLine struct {
	Package     string // directory relative to the repository root
	Name        string // without the -GOMAXPROCS suffix
	NsPerOp     float64
	BytesPerOp  float64 // NaN when not reported
	AllocsPerOp float64 // NaN when not reported
}

// benchPackages returns the directories under root/dirs that hold a test file
// declaring a benchmark, relative to root, sorted.
func benchPackages(root string, dirs ...string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, d := range dirs {
		top := filepath.Join(root, d)
		if _, err := os.Stat(top); err != nil {
			continue
		}
		err := filepath.WalkDir(top, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() && (e.Name() == "testdata" || strings.HasPrefix(e.Name(), ".")) {
				return filepath.SkipDir
			}
			if e.IsDir() || !strings.HasSuffix(path, "_test.go") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			dir, _ := filepath.Rel(root, filepath.Dir(path))
			if strings.Contains(string(b), "\nfunc Benchmark") && !seen[dir] {
				seen[dir] = true
				out = append(out, dir)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runMicro compiles the benchmarks of the package in root/dir, runs them
// where place says with GOMAXPROCS=1 for benchtime each, and parses the results.
// The test binary runs in the package directory, as `go test` would run it.
func runMicro(ctx context.Context, root, dir, binDir string, place placement, benchtime time.Duration) ([]benchLine, error) {
	bin := filepath.Join(binDir, strings.ReplaceAll(dir, string(filepath.Separator), "_")+".test")
	c := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, "./"+dir)
	c.Dir = root
	if out, err := c.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("compile benchmarks of %s: %w\n%s", dir, err, out)
	}
	args := []string{bin, "-test.run", "^$", "-test.bench", ".", "-test.benchmem", "-test.benchtime", benchtime.String(), "-test.count", "1"}
	out, err := place.run(ctx, filepath.Join(root, dir), append(os.Environ(), "GOMAXPROCS=1"), args)
	if err != nil {
		return nil, fmt.Errorf("run benchmarks of %s: %w\n%s", dir, err, out)
	}
	lines := parseBench(string(out))
	for i := range lines {
		lines[i].Package = dir
	}
	return lines, nil
}

// parseBench reads the benchmark result lines of `go test -bench -benchmem`
// output and ignores everything else.
func parseBench(out string) []benchLine {
	var lines []benchLine
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.ParseUint(f[1], 10, 64); err != nil {
			continue
		}
		bl := benchLine{Name: trimProcs(f[0]), NsPerOp: math.NaN(), BytesPerOp: math.NaN(), AllocsPerOp: math.NaN()}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			switch f[i+1] {
			case "ns/op":
				bl.NsPerOp = v
			case "B/op":
				bl.BytesPerOp = v
			case "allocs/op":
				bl.AllocsPerOp = v
			}
		}
		if !math.IsNaN(bl.NsPerOp) {
			lines = append(lines, bl)
		}
	}
	return lines
}

// trimProcs drops the "-N" GOMAXPROCS suffix go test appends to a name.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}
