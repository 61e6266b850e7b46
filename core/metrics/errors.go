package metrics

import (
	"errors"

	"github.com/healthlite/healthlite/core/internal/goquote"
)

// Registration errors. Every error returned by a New method wraps one of
// these, so callers can tell them apart with errors.Is; the message says
// which metric and what is wrong.
var (
	// ErrInvalidName is wrapped when a metric name is not a valid Prometheus
	// name ([a-zA-Z_:][a-zA-Z0-9_:]*).
	ErrInvalidName = errors.New("invalid metric name")
	// ErrInvalidLabels is wrapped when the label list is odd, a label name
	// is invalid or repeated, or a reserved label name is used.
	ErrInvalidLabels = errors.New("invalid labels")
	// ErrDuplicate is wrapped when a series with the same name and labels is
	// already registered.
	ErrDuplicate = errors.New("duplicate series")
	// ErrConflict is wrapped when a metric's name, type or help clashes with
	// a family already registered.
	ErrConflict = errors.New("conflicting metric family")
	// ErrInvalidBuckets is wrapped when histogram buckets are not strictly
	// ascending or contain NaN.
	ErrInvalidBuckets = errors.New("invalid histogram buckets")
	// ErrNilFunc is wrapped when NewGaugeFunc is given no function.
	ErrNilFunc = errors.New("nil gauge function")
	// ErrTooManySeries is wrapped when a vector (CounterVec, GaugeVec) is
	// asked for a label set past its cap on series.
	ErrTooManySeries = errors.New("too many series")
)

// regError is a registration error: which metric, which kind, what detail.
type regError struct {
	name   string
	kind   error
	detail string
}

func (e *regError) Error() string {
	return "healthlite: metric[" + goquote.Quote(e.name) + "]: " + e.kind.Error() + ": " + e.detail
}

func (e *regError) Unwrap() error { return e.kind }

func newError(name string, kind error, detail string) error {
	return &regError{name: name, kind: kind, detail: detail}
}
