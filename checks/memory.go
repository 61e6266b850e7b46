package checks

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
)

// MemoryOptions are the settings of Memory; the zero value warns under 10 %
// of memory available and fails under 5 %, and leaves pressure unjudged.
type MemoryOptions struct {
	// Warn and Fail are the floors of available memory (MemAvailable: what
	// can be allocated without swapping).
	Warn, Fail Limit
	// PressureWarn and PressureFail, in percent, are the ceilings of memory
	// pressure: the share of the last 10 seconds in which some task stalled
	// waiting for memory (/proc/pressure/memory "some avg10"). 0 turns
	// either off; a kernel without pressure information is judged on
	// available memory alone.
	PressureWarn, PressureFail float64
	// Values, when set, is called after each run with available_bytes,
	// total_bytes, available_percent and, where the kernel has them,
	// pressure_some_percent and pressure_full_percent.
	Values func(label string, value float64)
}

// Memory returns a check of the machine's (or the container's view of its)
// memory. Its message reads "1.2GiB available of 15.5GiB (7.7%), pressure
// 0.00% (some, 10s)", and Value is the percentage available.
func Memory(opts MemoryOptions) core.Checker {
	opts.Warn, opts.Fail = orDefaults(opts.Warn, opts.Fail)
	return &memoryCheck{opts: opts, proc: procRoot}
}

type memoryCheck struct {
	opts MemoryOptions
	proc string
}

func (c *memoryCheck) Check(_ context.Context, r *core.Result) {
	avail, total, err := readMeminfo(c.proc + "/meminfo")
	if err != nil {
		r.Status, r.Message = core.StatusUnknown, err.Error()
		return
	}
	st, why := grade(avail, total, c.opts.Warn, c.opts.Fail)
	if why != "" {
		why = "available under the " + why
	}
	r.Message = formatBytes(avail) + " available of " + formatBytes(total) + " (" + percent(avail, total) + ")"
	availPct := 0.0
	if total > 0 {
		availPct = float64(avail) * 100 / float64(total)
	}
	r.Value, r.HasValue = availPct, true
	p, ok, err := judgePressure(r, st, why, c.proc+"/pressure/memory", c.opts.PressureWarn, c.opts.PressureFail)
	if err != nil {
		return
	}
	if v := c.opts.Values; v != nil {
		v("available_bytes", float64(avail))
		v("total_bytes", float64(total))
		v("available_percent", availPct)
		if ok {
			v("pressure_some_percent", p.some)
			v("pressure_full_percent", p.full)
		}
	}
}

// ceiling grades a value against warn and fail ceilings (0: off).
func ceiling(v, warn, fail float64) (core.Status, string) {
	switch {
	case fail > 0 && v >= fail:
		return core.StatusFail, "fail limit " + strconv.FormatFloat(fail, 'f', -1, 64)
	case warn > 0 && v >= warn:
		return core.StatusWarn, "warn limit " + strconv.FormatFloat(warn, 'f', -1, 64)
	}
	return core.StatusPass, ""
}

// readMeminfo returns MemAvailable and MemTotal in bytes; a kernel older
// than 3.14, which has no MemAvailable, gets MemFree + Buffers + Cached.
func readMeminfo(path string) (avail, total uint64, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	kb := map[string]uint64{}
	for _, line := range strings.Split(string(b), "\n") {
		key, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			continue
		}
		kb[key] = n
	}
	total, ok := kb["MemTotal"]
	if !ok || total == 0 {
		return 0, 0, errors.New(path + ": no MemTotal")
	}
	a, ok := kb["MemAvailable"]
	if !ok {
		a = kb["MemFree"] + kb["Buffers"] + kb["Cached"]
	}
	return a * 1024, total * 1024, nil
}
