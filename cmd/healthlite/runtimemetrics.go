package main

import (
	"time"

	"github.com/healthlite/healthlite/core/metrics"
	"github.com/healthlite/healthlite/internal/procmetrics"
)

// runtimeSampleInterval is how often the process_* and go_* metrics are
// read: often enough for a scrape every 15 s, rarely enough that the
// runtime's stop-the-world memory statistics cost nothing measurable.
const runtimeSampleInterval = 2 * time.Second

// startRuntimeMetrics registers the process_* and go_* metrics in reg (as
// client_golang's default collectors name them) and samples them until stop
// is closed. A scrape only renders what was sampled.
func startRuntimeMetrics(reg *metrics.Registry, stop <-chan struct{}) error {
	s, err := procmetrics.Register(reg)
	if err != nil {
		return err
	}
	go s.Run(stop, runtimeSampleInterval)
	return nil
}
