package transport

import (
	"sync"

	"github.com/healthlite/healthlite/transport/internal/conncap"
)

// connSet is the Guard's connection cap (see conncap.Set) under a lock:
// the server's connections close on goroutines of their own.
type connSet struct {
	mu  sync.Mutex
	set conncap.Set[trackedConn, *trackedConn]
}

func newConnSet(max, local int, shared *ConnCount) *connSet {
	return &connSet{set: conncap.Set[trackedConn, *trackedConn]{Max: max, Local: local, Shared: shared}}
}

// admit counts c in, first removing the connection it displaces, which it
// returns for the caller to close. ok is false when c must be refused.
func (s *connSet) admit(c *trackedConn) (displaced *trackedConn, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.set.Admit(c)
}

// remove gives c's place back; it does nothing when c is not counted.
func (s *connSet) remove(c *trackedConn) {
	s.mu.Lock()
	s.set.Remove(c)
	s.mu.Unlock()
}

// counts returns the open local and remote connections, the idle ones
// closed to make room and the new ones refused, so far.
func (s *connSet) counts() (locals, remotes int, closed, refused uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	locals, remotes = s.set.Counts()
	return locals, remotes, s.set.Closed, s.set.Refused
}
