//go:build linux

package fasthttp

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/transport"
)

// loopCap caps the loop's connections as transport.Guard caps fasthttp's
// (the same cap, each counting its own): remote clients may hold at most
// max−local of them; one past its class's limit takes the place of the
// oldest idle connection — a remote one for a remote client; for a local
// client a remote one first — and is closed at once when none is idle.
type loopCap struct {
	max, local      int                  // max < 0: no cap
	shared          *transport.ConnCount // the loop's and the Guard's
	locals, remotes lconnList
	closed, refused uint64
	log             *slog.Logger
	logged          time.Time // the last line about the cap
	loggedClosed    uint64
	loggedRefused   uint64
}

// newLoopCap returns the cap of a Server with this MaxConns, as
// transport.NewGuard computes it.
func newLoopCap(maxConns int, shared *transport.ConnCount, log *slog.Logger) loopCap {
	c := loopCap{max: maxConns, shared: shared, log: log}
	if c.max == 0 {
		c.max = transport.DefaultMaxConns(transport.FileLimit(), transport.DefaultReservedFiles)
	}
	if c.max > 0 {
		c.local = transport.LocalShare(c.max)
	}
	return c
}

// n returns how many connections the loop serves.
func (k *loopCap) n() int { return k.locals.n + k.remotes.n }

// admit counts c in and returns the connection it displaces, for the
// caller to close; ok is false when c must be refused.
func (k *loopCap) admit(c *lconn) (displaced *lconn, ok bool) {
	local := c.client != clientRemote
	locals, remotes := k.shared.Load()
	total := locals + remotes
	if k.max < 0 || local && total < k.max || !local && total < k.max && remotes < k.max-k.local {
		k.push(c)
		return nil, true
	}
	switch {
	case local:
		displaced = oldestIdle(&k.remotes, &k.locals)
	case remotes >= k.max-k.local:
		displaced = oldestIdle(&k.remotes, nil)
	default: // local clients hold more than their share
		displaced = oldestIdle(&k.locals, &k.remotes)
	}
	if displaced == nil {
		k.refused++
		k.warn()
		return nil, false
	}
	k.closed++
	k.warn()
	k.push(c)
	return displaced, true
}

// push counts c in.
func (k *loopCap) push(c *lconn) {
	k.list(c).push(c)
	k.shared.Add(c.client != clientRemote, 1)
}

// remove gives c's place back.
func (k *loopCap) remove(c *lconn) {
	if c.prev != nil || c.next != nil || k.list(c).head == c {
		k.list(c).unlink(c)
		k.shared.Add(c.client != clientRemote, -1)
	}
}

func (k *loopCap) list(c *lconn) *lconnList {
	if c.client != clientRemote {
		return &k.locals
	}
	return &k.remotes
}

// warn logs at WARNING that the cap was reached, with Guard's words: at
// once the first time, then at most once a minute.
func (k *loopCap) warn() {
	now := time.Now()
	if !k.logged.IsZero() && now.Sub(k.logged) < time.Minute {
		return
	}
	k.logged = now
	k.log.Warn("Connection cap of "+strconv.Itoa(k.max)+" reached: closed "+strconv.FormatUint(k.closed-k.loggedClosed, 10)+
		" idle connections and refused "+strconv.FormatUint(k.refused-k.loggedRefused, 10)+" new ones",
		"local_conns", k.locals.n, "remote_conns", k.remotes.n)
	k.loggedClosed, k.loggedRefused = k.closed, k.refused
}

// oldestIdle returns the oldest idle connection of first, else of then.
func oldestIdle(first, then *lconnList) *lconn {
	if c := first.oldestIdle(); c != nil || then == nil {
		return c
	}
	return then.oldestIdle()
}

// lconnList is a list of connections in the order they came.
type lconnList struct {
	head, tail *lconn
	n          int
}

func (l *lconnList) push(c *lconn) {
	c.prev, c.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = c
	} else {
		l.head = c
	}
	l.tail = c
	l.n++
}

func (l *lconnList) unlink(c *lconn) {
	if c.prev != nil {
		c.prev.next = c.next
	} else {
		l.head = c.next
	}
	if c.next != nil {
		c.next.prev = c.prev
	} else {
		l.tail = c.prev
	}
	c.prev, c.next = nil, nil
	l.n--
}

func (l *lconnList) oldestIdle() *lconn {
	for c := l.head; c != nil; c = c.next {
		if c.idle() {
			return c
		}
	}
	return nil
}
