package checks

import (
	"errors"
	"strconv"
	"strings"

	"github.com/healthlite/healthlite/core"
)

// StatusRange is an inclusive range of HTTP status codes; Lo == Hi for a
// single code.
type StatusRange struct{ Lo, Hi int }

// StatusRanges is a set of HTTP status code ranges, the statuses an HTTP
// check accepts as passing. Build one with ParseStatusRanges.
type StatusRanges []StatusRange

// DefaultStatusRanges is what an HTTP check accepts when its options name no
// ranges: 200-399, success and redirects (which it does not follow).
var DefaultStatusRanges = StatusRanges{{200, 399}}

// ParseStatusRanges parses a comma-separated list of codes and ranges such as
// "200-299,304". Codes must lie in 100-599 and each range must run low to
// high; anything else is a *core.Error that quotes the bad element.
func ParseStatusRanges(s string) (StatusRanges, error) {
	if strings.TrimSpace(s) == "" {
		return nil, &core.Error{Msg: "status ranges: empty list; want codes or ranges such as \"200-299,304\""}
	}
	var rs StatusRanges
	for elem := range strings.SplitSeq(s, ",") {
		elem = strings.TrimSpace(elem)
		lo, hi, isRange := strings.Cut(elem, "-")
		if !isRange {
			hi = lo
		}
		l, errLo := parseCode(lo)
		h, errHi := parseCode(hi)
		if errLo != nil || errHi != nil {
			return nil, &core.Error{Msg: "status range " + strconv.Quote(elem) + ": want CODE or LOW-HIGH with codes in 100-599"}
		}
		if l > h {
			return nil, &core.Error{Msg: "status range " + strconv.Quote(elem) + ": low end above high end"}
		}
		rs = append(rs, StatusRange{l, h})
	}
	return rs, nil
}

func parseCode(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 100 || n > 599 {
		return 0, errors.New("bad code")
	}
	return n, nil
}

// Contains reports whether code lies in one of the ranges.
func (rs StatusRanges) Contains(code int) bool {
	for _, r := range rs {
		if code >= r.Lo && code <= r.Hi {
			return true
		}
	}
	return false
}

// String formats the ranges as ParseStatusRanges reads them.
func (rs StatusRanges) String() string {
	var b []byte
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(r.Lo), 10)
		if r.Hi != r.Lo {
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(r.Hi), 10)
		}
	}
	return string(b)
}
