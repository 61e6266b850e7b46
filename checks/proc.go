package checks

import (
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
)

// procRoot is where the box checks read the kernel's files; tests point a
// check at a directory of their own.
const procRoot = "/proc"

// pressure is a line pair of a /proc/pressure file: the share of time, in
// percent over the last 10 seconds, that some or all tasks stalled.
type pressure struct {
	some, full float64
}

// readPressure reads a pressure stall information file. ok is false when
// the kernel has none (no file, or PSI disabled).
func readPressure(path string) (p pressure, ok bool, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errNotSupported) {
			return p, false, nil
		}
		return p, false, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		kind, rest, _ := strings.Cut(line, " ")
		for _, f := range strings.Fields(rest) {
			v, found := strings.CutPrefix(f, "avg10=")
			if !found {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return p, false, errors.New(path + ": cannot read " + strconv.Quote(f))
			}
			switch kind {
			case "some":
				p.some, ok = x, true
			case "full":
				p.full = x
			}
		}
	}
	if !ok {
		return p, false, errors.New(path + ": no \"some avg10=\" line")
	}
	return p, true, nil
}

// formatFloat writes v with at most two decimals.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// judgePressure finishes r for a box check whose own measure graded st
// (why: the reason, "" for pass): it reads the pressure stall file at path
// and, where the kernel has one, adds its share to r.Message and raises st
// to what the ceilings warn and fail (percent; 0 is off) make of it; then
// it appends the reason and sets r.Status. An unreadable file makes r
// unknown and is returned as err. ok says whether p was read.
func judgePressure(r *core.Result, st core.Status, why, path string, warn, fail float64) (p pressure, ok bool, err error) {
	p, ok, err = readPressure(path)
	if err != nil {
		r.Status, r.Message = core.StatusUnknown, err.Error()
		return p, false, err
	}
	if ok {
		r.Message += ", pressure " + formatFloat(p.some) + "% (some, 10s)"
		if pst, pwhy := ceiling(p.some, warn, fail); severity(pst) > severity(st) {
			st, why = pst, "pressure over the "+pwhy
		}
	}
	if why != "" {
		r.Message += "; " + why
	}
	r.Status = st
	return p, ok, nil
}
