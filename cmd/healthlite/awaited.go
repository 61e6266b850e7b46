package main

import (
	"log/slog"
	"strings"
	"sync/atomic"
)

// logAwaited says at start-up which flags and heartbeats readiness waits
// for: flags start false and a heartbeat fails readiness until its first
// beat, so a service whose process never reports stays out of rotation,
// and this line says why.
func logAwaited(cfg *serveConfig, log *slog.Logger) {
	var waits []string
	for _, f := range cfg.flags {
		if !f.value && !f.informational {
			waits = append(waits, "flag "+f.name+" (POST /flags/"+f.name+" true)")
		}
	}
	for _, hb := range cfg.heartbeats {
		waits = append(waits, "heartbeat "+hb.name+" (POST /heartbeat/"+hb.name+")")
	}
	if len(waits) > 0 {
		log.Info("Not ready until the process reports: waiting for " + strings.Join(waits, ", "))
	}
}

// firstBeat reports true once per heartbeat: on its first beat, which is
// logged.
type firstBeat struct{ beaten atomic.Bool }

func (f *firstBeat) first() bool { return !f.beaten.Swap(true) }
