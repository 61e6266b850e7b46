package transport

import "testing"

// NewLog is newLog for the tests in package transport_test: a logger in the
// bot server's format and the buffer that collects its lines.
var NewLog = newLog

// Lines is lines for the tests in package transport_test.
func (l *logBuffer) Lines(t *testing.T) []string { return l.lines(t) }
