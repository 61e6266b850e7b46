package checks

import (
	"errors"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
)

// Limit is a floor on a free amount (disk space, inodes, available
// memory): a percentage of the total, or an absolute number of bytes. A
// resource below its fail limit fails, below its warn limit warns.
type Limit struct {
	// Percent of the total, when Bytes is 0.
	Percent float64
	// Bytes, when not 0.
	Bytes uint64
}

// ParseLimit reads "10%", "512MiB", "2G", "1.5GB" or a plain number of
// bytes. Binary (KiB, MiB, GiB, TiB) and decimal (K, M, G, T, KB, MB, GB,
// TB) units are accepted, as df and free print them.
func ParseLimit(s string) (Limit, error) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || !(v > 0 && v <= 100) {
			return Limit{}, errors.New("want a percentage above 0% and at most 100%")
		}
		return Limit{Percent: v}, nil
	}
	mult := 1.0
	num := s
	for _, u := range []struct {
		suffix string
		mult   float64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
		{"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"B", 1},
	} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = n, u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	// Under one byte (".1", "0.5B") would be a zero limit: never reached.
	if err != nil || !(v*mult >= 1) || v*mult > 1<<62 {
		return Limit{}, errors.New("want a percentage (10%) or a positive size in bytes (512MiB, 2G)")
	}
	return Limit{Bytes: uint64(v * mult)}, nil
}

// String returns the limit as ParseLimit reads it.
func (l Limit) String() string {
	if l.Bytes != 0 {
		return formatBytes(l.Bytes)
	}
	return strconv.FormatFloat(l.Percent, 'f', -1, 64) + "%"
}

// under reports whether free of total is below the limit. A zero limit is
// never reached.
func (l Limit) under(free, total uint64) bool {
	if l.Bytes != 0 {
		return free < l.Bytes
	}
	if l.Percent == 0 || total == 0 {
		return false
	}
	return float64(free)*100/float64(total) < l.Percent
}

// grade returns fail, warn or pass for free of total under the two limits,
// with the limit that was reached.
func grade(free, total uint64, warn, fail Limit) (core.Status, string) {
	switch {
	case fail.under(free, total):
		return core.StatusFail, "fail limit " + fail.String()
	case warn.under(free, total):
		return core.StatusWarn, "warn limit " + warn.String()
	}
	return core.StatusPass, ""
}

// formatBytes writes n in binary units with one decimal: "1.5GiB", "512B".
func formatBytes(n uint64) string {
	const units = "KMGTPE"
	if n < 1024 {
		return strconv.FormatUint(n, 10) + "B"
	}
	v, i := float64(n)/1024, 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + string(units[i]) + "iB"
}

// percent formats free of total as "12.5%".
func percent(free, total uint64) string {
	if total == 0 {
		return "0%"
	}
	return strconv.FormatFloat(float64(free)*100/float64(total), 'f', 1, 64) + "%"
}
