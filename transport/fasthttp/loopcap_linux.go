//go:build linux

package fasthttp

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/internal/conncap"
)

// loopCap caps the loop's connections as transport.Guard caps fasthttp's
// (conncap.Set: the same rules, one count for both, each making room among
// its own), logging with the Guard's words. Only the loop's goroutine uses
// it.
type loopCap struct {
	set           conncap.Set[lconn, *lconn]
	log           *slog.Logger
	logged        time.Time // the last line about the cap
	loggedClosed  uint64
	loggedRefused uint64
}

// newLoopCap returns the cap of a Server with this MaxConns, as
// transport.NewGuard computes it.
func newLoopCap(maxConns int, shared *transport.ConnCount, log *slog.Logger) loopCap {
	c := loopCap{set: conncap.Set[lconn, *lconn]{Max: maxConns, Shared: shared}, log: log}
	if c.set.Max == 0 {
		c.set.Max = transport.DefaultMaxConns(transport.FileLimit(), transport.DefaultReservedFiles)
	}
	if c.set.Max > 0 {
		c.set.Local = transport.LocalShare(c.set.Max)
	}
	return c
}

// n returns how many connections the loop serves.
func (k *loopCap) n() int {
	locals, remotes := k.set.Counts()
	return locals + remotes
}

// admit counts c in and returns the connection it displaces, for the
// caller to close; ok is false when c must be refused.
func (k *loopCap) admit(c *lconn) (displaced *lconn, ok bool) {
	displaced, ok = k.set.Admit(c)
	if displaced != nil || !ok {
		k.warn()
	}
	return displaced, ok
}

// remove gives c's place back.
func (k *loopCap) remove(c *lconn) { k.set.Remove(c) }

// warn logs at WARNING that the cap was reached, with Guard's words: at
// once the first time, then at most once a minute.
func (k *loopCap) warn() {
	now := time.Now()
	if !k.logged.IsZero() && now.Sub(k.logged) < time.Minute {
		return
	}
	k.logged = now
	locals, remotes := k.set.Counts()
	k.log.Warn("Connection cap of "+strconv.Itoa(k.set.Max)+" reached: closed "+strconv.FormatUint(k.set.Closed-k.loggedClosed, 10)+
		" idle connections and refused "+strconv.FormatUint(k.set.Refused-k.loggedRefused, 10)+" new ones",
		"local_conns", locals, "remote_conns", remotes)
	k.loggedClosed, k.loggedRefused = k.set.Closed, k.set.Refused
}
