package metrics

import (
	"math"
	"strconv"

	"github.com/healthlite/healthlite/core/internal/goquote"
)

// validName reports whether s is a Prometheus metric name:
// [a-zA-Z_:][a-zA-Z0-9_:]*.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// validLabelName reports whether s is a Prometheus label name:
// [a-zA-Z_][a-zA-Z0-9_]*.
func validLabelName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// checkName validates a metric name.
func checkName(name string) error {
	if !validName(name) {
		return newError(name, ErrInvalidName, "use letters, digits, '_' and ':', not starting with a digit")
	}
	return nil
}

// sortLabels validates a "k1", "v1", "k2", "v2" list and returns its pairs
// sorted by label name, as a new slice. reserved, when not empty, is a label
// name the family's kind writes itself: "le" (histograms), "quantile"
// (summaries).
func sortLabels(name string, labels []string, reserved string) ([]string, error) {
	if len(labels)%2 != 0 {
		return nil, newError(name, ErrInvalidLabels, "odd number of label strings ("+strconv.Itoa(len(labels))+"); pass name, value pairs")
	}
	out := make([]string, len(labels))
	copy(out, labels)
	for i := 0; i < len(out); i += 2 {
		k := out[i]
		switch {
		case !validLabelName(k):
			return nil, newError(name, ErrInvalidLabels, "label name "+goquote.Quote(k)+" is invalid; use letters, digits and '_', not starting with a digit")
		case len(k) >= 2 && k[0] == '_' && k[1] == '_':
			return nil, newError(name, ErrInvalidLabels, "label name "+goquote.Quote(k)+" is reserved: names starting with \"__\" are Prometheus' own")
		case k == reserved && k == "le":
			return nil, newError(name, ErrInvalidLabels, "label name \"le\" is reserved for histogram buckets")
		case k == reserved:
			return nil, newError(name, ErrInvalidLabels, "label name "+goquote.Quote(k)+" is reserved for summary quantiles")
		}
		// Insertion sort by name: label lists are short and this is not the hot path.
		for j := i; j >= 2 && out[j-2] >= out[j]; j -= 2 {
			if out[j-2] == out[j] {
				return nil, newError(name, ErrInvalidLabels, "label name "+goquote.Quote(k)+" is repeated")
			}
			out[j-2], out[j] = out[j], out[j-2]
			out[j-1], out[j+1] = out[j+1], out[j-1]
		}
	}
	return out, nil
}

// checkBuckets validates histogram upper bounds and returns them without a
// trailing +Inf, as a new slice the histogram owns.
func checkBuckets(name string, buckets []float64) ([]float64, error) {
	n := len(buckets)
	if n > 0 && math.IsInf(buckets[n-1], 1) { // the +Inf bucket is always there
		n--
	}
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		b := buckets[i]
		if b != b {
			return nil, newError(name, ErrInvalidBuckets, "bucket "+strconv.Itoa(i)+" is NaN")
		}
		if i > 0 && !(b > out[i-1]) {
			return nil, newError(name, ErrInvalidBuckets, "bucket "+strconv.Itoa(i)+" ("+string(appendFloat(nil, b))+") is not greater than the one before; give upper bounds in strictly ascending order")
		}
		out[i] = b
	}
	return out, nil
}
