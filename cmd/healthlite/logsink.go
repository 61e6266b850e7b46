package main

import (
	"io"

	"github.com/healthlite/healthlite/core/metrics"
)

// droppedLinesMetric counts the log lines serve could not write.
const droppedLinesMetric = "healthlite_log_lines_dropped_total"

// logSink is the writer of serve's log. A line that cannot be written (the
// reader of stderr went away, a full disk behind a redirect) is dropped and
// counted in droppedLinesMetric, never retried and never fatal: with SIGPIPE
// caught (notifyStop) such a write returns EPIPE instead of killing the
// process.
type logSink struct {
	w       io.Writer
	dropped *metrics.Counter
}

func (s *logSink) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil {
		s.dropped.Inc()
	}
	return n, err
}
