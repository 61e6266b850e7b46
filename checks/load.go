package checks

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
)

// LoadOptions are the settings of Load; the zero value warns at a load of 2
// per CPU, fails at 4, and leaves pressure unjudged.
type LoadOptions struct {
	// Warn and Fail are the ceilings of the 1-minute load average divided
	// by the CPUs the process may run on.
	Warn, Fail float64
	// PressureWarn and PressureFail, in percent, are the ceilings of CPU
	// pressure: the share of the last 10 seconds in which some runnable
	// task waited for a CPU (/proc/pressure/cpu "some avg10"). 0 turns
	// either off.
	PressureWarn, PressureFail float64
	// Values, when set, is called after each run with load1, load5,
	// load15, load1_per_cpu and, where the kernel has it,
	// pressure_some_percent.
	Values func(label string, value float64)
}

// Load returns a check of the load average per CPU and CPU pressure. Its
// message reads "load 3.10 2.50 2.01 on 2 CPUs (1.55 per CPU), pressure
// 12.00% (some, 10s)", and Value is the 1-minute load per CPU.
func Load(opts LoadOptions) core.Checker {
	if opts.Warn == 0 {
		opts.Warn = 2
	}
	if opts.Fail == 0 {
		opts.Fail = 4
	}
	return &loadCheck{opts: opts, proc: procRoot, cpus: runtime.NumCPU()}
}

type loadCheck struct {
	opts LoadOptions
	proc string
	cpus int
}

func (c *loadCheck) Check(_ context.Context, r *core.Result) {
	b, err := os.ReadFile(c.proc + "/loadavg")
	if err != nil {
		r.Status, r.Message = core.StatusUnknown, err.Error()
		return
	}
	f := strings.Fields(string(b))
	var load [3]float64
	for i := range load {
		if i >= len(f) {
			err = errors.New("too few fields")
			break
		}
		if load[i], err = strconv.ParseFloat(f[i], 64); err != nil {
			break
		}
	}
	if err != nil {
		r.Status, r.Message = core.StatusUnknown, c.proc+"/loadavg: cannot read "+strconv.Quote(strings.TrimSpace(string(b)))
		return
	}
	perCPU := load[0] / float64(c.cpus)
	st, why := ceiling(perCPU, c.opts.Warn, c.opts.Fail)
	if why != "" {
		why = "load per CPU over the " + why
	}
	r.Message = "load " + formatFloat(load[0]) + " " + formatFloat(load[1]) + " " + formatFloat(load[2]) +
		" on " + strconv.Itoa(c.cpus) + " CPUs (" + formatFloat(perCPU) + " per CPU)"
	r.Value, r.HasValue = perCPU, true
	p, ok, err := judgePressure(r, st, why, c.proc+"/pressure/cpu", c.opts.PressureWarn, c.opts.PressureFail)
	if err != nil {
		return
	}
	if v := c.opts.Values; v != nil {
		v("load1", load[0])
		v("load5", load[1])
		v("load15", load[2])
		v("load1_per_cpu", perCPU)
		if ok {
			v("pressure_some_percent", p.some)
		}
	}
}
