package checks

import (
	"context"

	"github.com/healthlite/healthlite/core"
)

// The default limits of the box checks: warn under 10 % free, fail under 5 %.
var (
	defaultWarn = Limit{Percent: 10}
	defaultFail = Limit{Percent: 5}
)

// orDefaults returns warn and fail with a zero one replaced by its default.
func orDefaults(warn, fail Limit) (Limit, Limit) {
	if warn == (Limit{}) {
		warn = defaultWarn
	}
	if fail == (Limit{}) {
		fail = defaultFail
	}
	return warn, fail
}

// DiskOptions are the settings of Disk; the zero value warns under 10 %
// free and fails under 5 %, for space and inodes alike.
type DiskOptions struct {
	// Warn and Fail are the floors of free space (available to unprivileged
	// users, as df shows it). Percentages apply to inodes too; with a byte
	// limit, inodes keep the default percentages.
	Warn, Fail Limit
	// Values, when set, is called after each run with the measurements:
	// free_bytes, size_bytes, free_percent, inodes_free, inodes_free_percent.
	// The binary turns them into gauges.
	Values func(label string, value float64)
}

// Disk returns a check of the filesystem holding path: free space and free
// inodes against the limits. Its message reads "/data: 1.2GiB free of
// 20.0GiB (6.0%), inodes 95.0% free; under the warn limit 10%", and Value
// is the percentage of space free. A filesystem that reports no inodes
// (btrfs) is judged on space alone. It needs Linux; elsewhere it reports
// unknown.
func Disk(path string, opts DiskOptions) core.Checker {
	opts.Warn, opts.Fail = orDefaults(opts.Warn, opts.Fail)
	return &diskCheck{path: path, opts: opts}
}

type diskCheck struct {
	path string
	opts DiskOptions
}

// diskUsage is what statfs says of a filesystem.
type diskUsage struct {
	free, size, inodesFree, inodes uint64
}

func (c *diskCheck) Check(_ context.Context, r *core.Result) {
	u, err := statDisk(c.path)
	if err != nil {
		r.Status, r.Message = core.StatusUnknown, err.Error()
		return
	}
	st, why := grade(u.free, u.size, c.opts.Warn, c.opts.Fail)
	iw, ifl := c.opts.Warn, c.opts.Fail
	if iw.Bytes != 0 {
		iw = defaultWarn
	}
	if ifl.Bytes != 0 {
		ifl = defaultFail
	}
	ist, iwhy := grade(u.inodesFree, u.inodes, iw, ifl)
	r.Message = c.path + ": " + formatBytes(u.free) + " free of " + formatBytes(u.size) + " (" + percent(u.free, u.size) + ")"
	if u.inodes > 0 {
		r.Message += ", inodes " + percent(u.inodesFree, u.inodes) + " free"
	}
	if severity(ist) > severity(st) {
		st, why = ist, "inodes under the "+iwhy
	} else if why != "" {
		why = "under the " + why
	}
	if why != "" {
		r.Message += "; " + why
	}
	r.Status = st
	freePct := 100.0
	if u.size > 0 {
		freePct = float64(u.free) * 100 / float64(u.size)
	}
	r.Value, r.HasValue = freePct, true
	if v := c.opts.Values; v != nil {
		v("free_bytes", float64(u.free))
		v("size_bytes", float64(u.size))
		v("free_percent", freePct)
		if u.inodes > 0 {
			v("inodes_free", float64(u.inodesFree))
			v("inodes_free_percent", float64(u.inodesFree)*100/float64(u.inodes))
		}
	}
}

// severity orders pass, warn and fail.
func severity(s core.Status) int {
	switch s {
	case core.StatusWarn:
		return 1
	case core.StatusFail:
		return 2
	}
	return 0
}
