package grpchealth

import (
	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/healthwire"
)

// maxList is the most services List answers; grpc-go's reference server
// refuses more with RESOURCE_EXHAUSTED, and so does this one.
const maxList = 100

// The fixed service names and what they answer for.
var fixedServices = [...]string{"", "liveness", "livez", "readiness", "readyz", "startup"}

// view is the gRPC face of one snapshot: the status of every service name
// and the List answers, rendered when a snapshot changes any of them.
type view struct {
	names  []string          // fixed ones first, then checks in order
	status map[string]Status // SERVING or NOT_SERVING
	list   [2][]byte         // List answers (gRPC-framed): fixed names only; with check names
	many   [2]bool           // the List answer would exceed maxList
}

// lookup returns the status of service, and false for an unknown one. It
// does not allocate.
func (v *view) lookup(service []byte) (Status, bool) {
	st, ok := v.status[string(service)]
	return st, ok
}

// serving maps a verdict to a status.
func serving(ok bool) Status {
	if ok {
		return StatusServing
	}
	return StatusNotServing
}

// passing reports whether a check's status answers SERVING: pass and warn.
func passing(s core.Status) bool { return s == core.StatusPass || s == core.StatusWarn }

// newView returns the view of s, or old when s answers every service as
// old does (so that Watch streams see a change only when there is one).
func newView(s *core.Snapshot, old *view) *view {
	fixed := [len(fixedServices)]Status{
		serving(passing(s.Status())),
		serving(s.Live()), serving(s.Live()),
		serving(s.Ready()), serving(s.Ready()),
		serving(!s.Starting()),
	}
	checks := s.Checks()
	if old != nil && old.same(fixed[:], checks) {
		return old
	}
	v := &view{status: make(map[string]Status, len(fixed)+len(checks))}
	for i, name := range fixedServices {
		v.names = append(v.names, name)
		v.status[name] = fixed[i]
	}
	for i := range checks {
		c := &checks[i]
		if _, dup := v.status[c.Name]; dup {
			continue // a fixed name wins
		}
		v.names = append(v.names, c.Name)
		v.status[c.Name] = serving(passing(c.Status))
	}
	for d, n := range [2]int{len(fixedServices), len(v.names)} {
		if n > maxList {
			v.many[d] = true
			continue
		}
		var msg []byte
		for _, name := range v.names[:n] {
			msg = healthwire.AppendListEntry(msg, name, v.status[name])
		}
		v.list[d] = healthwire.AppendMessage(nil, msg)
	}
	return v
}

// same reports whether v answers as fixed and checks do.
func (v *view) same(fixed []Status, checks []core.CheckState) bool {
	for i, name := range fixedServices {
		if v.status[name] != fixed[i] {
			return false
		}
	}
	n := len(fixedServices)
	for i := range checks {
		c := &checks[i]
		if _, dup := v.status[c.Name]; dup && isFixed(c.Name) {
			continue
		}
		if n >= len(v.names) || v.names[n] != c.Name || v.status[c.Name] != serving(passing(c.Status)) {
			return false
		}
		n++
	}
	return n == len(v.names)
}

// isFixed reports whether name is one of fixedServices.
func isFixed(name string) bool {
	for _, f := range fixedServices {
		if f == name {
			return true
		}
	}
	return false
}
