package wasm

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// runState is what one run has set through the host functions. Reactor
// instances own one each and reset it before every run, so steady runs
// reuse its buffers.
type runState struct {
	check      *Check
	message    []byte
	messageSet bool
	metrics    [MaxMetrics]metricValue
	nmetrics   int
	logs       int    // log calls in this run
	note       string // said about the status itself, such as an odd code
	denied     string // the first host:port the allow list refused in this run
	err        error  // a host-call error that fails the run
	// conns counts the connections this run opened and then those refused
	// past the cap. Atomic: http.Transport dials on goroutines of its own.
	conns atomic.Int32
}

type metricValue struct {
	name  []byte
	value float64
}

func (s *runState) reset() {
	s.message = s.message[:0]
	s.messageSet = false
	s.nmetrics = 0
	s.logs = 0
	s.note = ""
	s.denied = ""
	s.err = nil
	s.conns.Store(0)
}

// takeConn counts a connection the run is about to open; ok is false, and
// the connection must not be opened, when the run already opened max.
func (s *runState) takeConn(max int32) (ok bool) {
	return s.conns.Add(1) <= max
}

// deny records addr, a host:port the allow list refused ("" for none); the
// first one of a run is kept.
func (s *runState) deny(addr string) {
	if s.denied == "" {
		s.denied = addr
	}
}

// connNote says how many connections were refused past the cap max, or
// is empty when none were.
func (s *runState) connNote(max int32) string {
	refused := s.conns.Load() - max
	if refused <= 0 {
		return ""
	}
	return strconv.Itoa(int(refused)) + " connections refused: at most " + strconv.Itoa(int(max)) + " per run"
}

// setMessage keeps at most MaxMessage bytes of msg, cut on a rune boundary.
func (s *runState) setMessage(msg []byte) {
	s.message = append(s.message[:0], capMessage(msg)...)
	s.messageSet = true
}

// setMetric sets or overwrites the named metric; ok is false when the run
// already set MaxMetrics others.
func (s *runState) setMetric(name []byte, v float64) (ok bool) {
	for i := 0; i < s.nmetrics; i++ {
		if string(s.metrics[i].name) == string(name) {
			s.metrics[i].value = v
			return true
		}
	}
	if s.nmetrics == MaxMetrics {
		return false
	}
	m := &s.metrics[s.nmetrics]
	m.name = append(m.name[:0], name...)
	m.value = v
	s.nmetrics++
	return true
}

type runKey struct{}

// stateOf returns the run state the run's context carries.
func stateOf(ctx context.Context) *runState {
	st, _ := ctx.Value(runKey{}).(*runState)
	return st
}

// capMessage cuts b to MaxMessage bytes without splitting a rune.
func capMessage(b []byte) []byte {
	if len(b) <= MaxMessage {
		return b
	}
	n := MaxMessage
	for n > 0 && n > MaxMessage-utf8.UTFMax && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}

// validMessage converts b to a string, replacing invalid UTF-8 with U+FFFD.
func validMessage(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// validMetricName reports whether name matches [a-zA-Z_][a-zA-Z0-9_]* and
// is at most MaxMetricName bytes.
func validMetricName(name []byte) bool {
	if len(name) == 0 || len(name) > MaxMetricName {
		return false
	}
	for i, c := range name {
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
