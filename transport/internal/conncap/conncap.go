// Package conncap is the connection cap both of healthlite's accept paths
// keep — transport.Guard's, for the connections a server accepts through
// net, and the event loop's of transport/fasthttp, for the ones it accepts
// itself —: who takes a place, and which idle connection makes room.
package conncap

import "sync/atomic"

// Conn is what the cap needs of a connection: its place in a list, where
// its client is, and whether it waits for a request with nothing of one
// read and no answer left to write (idle: one the cap may close).
type Conn[T any] interface {
	*T
	Links() *Links[T]
	Local() bool
	Idle() bool
}

// Links is a connection's place in its Set, embedded in the connection.
type Links[T any] struct {
	prev, next *T
	listed     bool
}

// Set counts connections against a cap of Max, Local of which only local
// (loopback or unix socket) clients may take.
//
// Remote clients may hold at most Max−Local connections, so that local
// clients always find local places free of them; local clients may take
// every place. A connection that comes past its class's limit takes the
// place of the oldest idle one — a remote one for a remote client; for a
// local client a remote one first, since remote clients never hold the
// local share — and is refused when no connection it may displace is idle.
// A Set is not safe for concurrent use: its owner locks it.
type Set[T any, C Conn[T]] struct {
	Max, Local int    // Max < 0: no cap
	Shared     *Count // when set, the counts to decide by, this Set's included

	locals, remotes list[T, C]
	Closed, Refused uint64 // idle connections closed for new ones; new ones refused
}

// Admit counts c in, first removing the connection it displaces, which it
// returns for the caller to close. ok is false when c must be refused.
func (s *Set[T, C]) Admit(c C) (displaced C, ok bool) {
	locals, remotes := s.locals.n, s.remotes.n
	if s.Shared != nil {
		locals, remotes = s.Shared.Load()
	}
	total := locals + remotes
	if s.Max < 0 || c.Local() && total < s.Max || !c.Local() && total < s.Max && remotes < s.Max-s.Local {
		s.push(c)
		return nil, true
	}
	switch {
	case c.Local():
		displaced = oldestIdle(&s.remotes, &s.locals)
	case remotes >= s.Max-s.Local:
		displaced = oldestIdle(&s.remotes, nil)
	default: // local clients hold more than their share
		displaced = oldestIdle(&s.locals, &s.remotes)
	}
	if displaced == nil {
		s.Refused++
		return nil, false
	}
	s.Closed++
	s.Remove(displaced)
	s.push(c)
	return displaced, true
}

// Remove gives c's place back; it does nothing when c is not counted.
func (s *Set[T, C]) Remove(c C) {
	if l := c.Links(); l.listed {
		l.listed = false
		s.list(c).unlink(c)
		if s.Shared != nil {
			s.Shared.Add(c.Local(), -1)
		}
	}
}

// Counts returns the connections counted in this Set, from local and from
// remote clients.
func (s *Set[T, C]) Counts() (locals, remotes int) { return s.locals.n, s.remotes.n }

func (s *Set[T, C]) push(c C) {
	c.Links().listed = true
	s.list(c).push(c)
	if s.Shared != nil {
		s.Shared.Add(c.Local(), 1)
	}
}

func (s *Set[T, C]) list(c C) *list[T, C] {
	if c.Local() {
		return &s.locals
	}
	return &s.remotes
}

func oldestIdle[T any, C Conn[T]](first, then *list[T, C]) C {
	if c := first.oldestIdle(); c != nil || then == nil {
		return c
	}
	return then.oldestIdle()
}

// Count counts the connections a server holds under one cap in two Sets:
// a Guard's and an event loop's of its own, which accepts on the same
// socket. Each adds the connections it admits and removes the ones it
// closes, and decides against the total, so that together they stay within
// the cap (give or take one admitted by both at the same instant). Each
// closes only idle connections of its own to make room. Safe for
// concurrent use.
type Count struct {
	locals, remotes atomic.Int64
}

// Add counts delta connections in (or out, when negative), from a
// loopback or unix socket client when local.
func (c *Count) Add(local bool, delta int) {
	if local {
		c.locals.Add(int64(delta))
	} else {
		c.remotes.Add(int64(delta))
	}
}

// Load returns the connections counted, from local and from remote clients.
func (c *Count) Load() (locals, remotes int) {
	return int(c.locals.Load()), int(c.remotes.Load())
}
