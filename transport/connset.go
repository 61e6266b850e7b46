package transport

import "sync"

// connSet counts the open connections against the cap and picks the one to
// close when a new one comes past it.
//
// Remote clients may hold at most max−local connections, so that local
// (loopback) clients always find local places free of them; local clients
// may take every place. A connection that comes past its class's limit
// takes the place of the oldest idle one — a remote one for a remote
// client; for a local client a remote one first, since remote clients
// never hold the local share — and is refused (closed at once) when no
// connection it may displace is idle.
type connSet struct {
	max, local int        // the cap and its local share
	shared     *ConnCount // when set, the counts to decide by, this set's included

	mu             sync.Mutex
	locals         connList
	remotes        connList
	closed, refuse uint64 // idle connections closed for new ones; new ones refused
}

// admit counts c in, first removing the connection it displaces, which it
// returns for the caller to close. ok is false when c must be refused.
func (s *connSet) admit(c *trackedConn) (displaced *trackedConn, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	locals, remotes := s.locals.n, s.remotes.n
	if s.shared != nil {
		locals, remotes = s.shared.Load()
	}
	total := locals + remotes
	switch {
	case c.local && total < s.max, !c.local && total < s.max && remotes < s.max-s.local:
		// a free place
	case c.local:
		displaced = s.oldestIdle(&s.remotes, &s.locals)
	case remotes >= s.max-s.local:
		displaced = s.oldestIdle(&s.remotes, nil)
	default: // local clients hold more than their share
		displaced = s.oldestIdle(&s.locals, &s.remotes)
	}
	if total >= s.max || !c.local && remotes >= s.max-s.local {
		if displaced == nil {
			s.refuse++
			return nil, false
		}
		s.closed++
		s.unlinkLocked(displaced)
	}
	c.listed = true
	s.list(c).push(c)
	if s.shared != nil {
		s.shared.Add(c.local, 1)
	}
	return displaced, true
}

func (s *connSet) oldestIdle(first, then *connList) *trackedConn {
	if c := first.oldestIdle(); c != nil || then == nil {
		return c
	}
	return then.oldestIdle()
}

// remove gives c's place back; it does nothing when c is not counted.
func (s *connSet) remove(c *trackedConn) {
	s.mu.Lock()
	s.unlinkLocked(c)
	s.mu.Unlock()
}

func (s *connSet) unlinkLocked(c *trackedConn) {
	if c.listed {
		c.listed = false
		s.list(c).unlink(c)
		if s.shared != nil {
			s.shared.Add(c.local, -1)
		}
	}
}

func (s *connSet) list(c *trackedConn) *connList {
	if c.local {
		return &s.locals
	}
	return &s.remotes
}

// counts returns the open local and remote connections, the idle ones
// closed to make room and the new ones refused, so far.
func (s *connSet) counts() (locals, remotes int, closed, refused uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.locals.n, s.remotes.n, s.closed, s.refuse
}
