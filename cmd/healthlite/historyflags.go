package main

import (
	"fmt"
	"strconv"
	"strings"
)

// maxHistory bounds --history: 16 bytes a result per check, so 4096 results
// are 64 KiB a check.
const maxHistory = 4096

// historyValue is --history: how many results each check keeps, 0 = none.
type historyValue struct{ n int }

func (v *historyValue) String() string { return strconv.Itoa(v.n) }

func (v *historyValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > maxHistory {
		return fmt.Errorf("%q is not a history size (want 0 to %d results; 0 turns history and flap detection off)", s, maxHistory)
	}
	v.n = n
	return nil
}

// coreHistory is Options.History for --history n: the library's 0 means its
// default, so off is negative there.
func coreHistory(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// flapValue is --flap-low or --flap-high: a percent state change above 0
// and at most 100.
type flapValue struct{ pct float64 }

func (v *flapValue) String() string { return strconv.FormatFloat(v.pct, 'g', -1, 64) }

func (v *flapValue) Set(s string) error {
	p, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || !(p > 0 && p <= 100) {
		return fmt.Errorf("%q is not a flap threshold (want a percent state change above 0 and at most 100)", s)
	}
	v.pct = p
	return nil
}
