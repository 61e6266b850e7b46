package core

// The default flap thresholds, in percent state change, as Nagios has them
// (low_service_flap_threshold and high_service_flap_threshold are 20 and
// 30 in its sample configuration).
const (
	DefaultFlapLow  = 20
	DefaultFlapHigh = 30
)

// Nagios weights a state change from 0.75 for the oldest result of the
// history to 1.25 for the newest, so that recent changes count more.
const (
	flapWeightOldest = 0.75
	flapWeightNewest = 1.25
)

// flapState is a check's flap detection, updated after every run.
type flapState struct {
	flapping bool
	percent  float64 // percent state change over the history, weighted
}

// updateFlap recomputes the percent state change over the ring as Nagios
// does (flapping.c): every change of status between two consecutive runs
// counts with a weight rising linearly from the oldest to the newest slot,
// and the sum is a percentage of the changes the ring could hold. A ring not
// yet full counts as if its oldest result filled the older slots. A check
// starts flapping when the percentage reaches high, and stops only when it
// falls below low, so that it does not flap in and out of flapping. A ring
// of fewer than two results never flaps.
func (hi *history) updateFlap(low, high float64) {
	size := len(hi.ring)
	if size < 2 {
		return
	}
	changes := 0.0
	for k := 1; k < hi.n && hi.changes > 0; k++ {
		if hi.at(k).st == hi.at(k-1).st {
			continue
		}
		x := size - hi.n + k // the slot of the newer run, 1 … size-1
		w := 1.0
		if size > 2 {
			w = flapWeightOldest + float64(x-1)*(flapWeightNewest-flapWeightOldest)/float64(size-2)
		}
		changes += w
	}
	hi.flap.percent = changes * 100 / float64(size-1)
	switch {
	case !hi.flap.flapping && hi.flap.percent >= high:
		hi.flap.flapping = true
	case hi.flap.flapping && hi.flap.percent < low:
		hi.flap.flapping = false
	}
}

// historyDefaults returns Options.History, FlapLow and FlapHigh with their
// defaults applied, and panics on thresholds no check could meet: a
// programmer's mistake in Options, reported once, by New.
func historyDefaults(opts Options) (int, float64, float64) {
	size, low, high := opts.History, opts.FlapLow, opts.FlapHigh
	if size == 0 {
		size = DefaultHistory
	}
	if low == 0 {
		low = DefaultFlapLow
	}
	if high == 0 {
		high = DefaultFlapHigh
	}
	if !(low > 0 && low <= high && high <= 100) {
		panic("BUG: healthlite: Options.FlapLow and FlapHigh must satisfy 0 < low <= high <= 100")
	}
	return size, low, high
}
