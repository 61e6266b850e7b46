package core

import "math/bits"

// bodyID names one body a snapshot can pre-render: the plain and the
// verbose form (id+1) of /health, health+json, /healthz, /livez, /readyz
// and the agent-check reply.
type bodyID uint8

const (
	bodyHealth     bodyID = 0  // /health JSON
	bodyHealthPlus bodyID = 2  // /health health+json
	bodyKube       bodyID = 4  // /healthz, /livez, /readyz: 2 each
	bodyAgent      bodyID = 10 // agent-check reply; verbose: with messages
	numBodies             = 12
)

// bodyPerCheck is a guess of what a check adds to one body (its name, its
// message in the verbose ones), and bodyFirst of what a body holds besides,
// for the first render after a check or a body is added; later renders
// know.
const (
	bodyPerCheck = 56
	bodyFirst    = 160
)

// kubeBody is the body of /healthz, /livez or /readyz, verbose when v is 1.
func kubeBody(ep endpoint, v int) bodyID { return bodyKube + bodyID(2*(ep-epHealthz)+endpoint(v)) }

// appendBody appends body id of s.
func (s *Snapshot) appendBody(dst []byte, id bodyID) []byte {
	verbose := id&1 == 1
	switch {
	case id < bodyHealthPlus:
		return s.appendHealthJSON(dst, verbose)
	case id < bodyKube:
		return s.appendHealthPlusJSON(dst, verbose)
	case id < bodyAgent:
		dst, _ = s.appendKube(dst, epHealthz+endpoint(id-bodyKube)/2, reasonsFor(verbose), nil)
		return dst
	}
	return s.appendAgent(dst, verbose)
}

// body returns body id of s: the snapshot's own when it was pre-rendered
// (fixed), else rendered into scratch, and then every later snapshot is
// asked to pre-render it. A snapshot pre-renders only the bodies that were
// asked for (besides /health, which it always has): a device whose probes
// use two of the twelve keeps two in memory, not twelve.
func (h *Health) body(s *Snapshot, id bodyID, scratch []byte) (b []byte, fixed bool) {
	if b = s.bodies[id]; b != nil {
		return b, true
	}
	return h.renderBody(s, id, scratch), false
}

// renderBody renders body id of s into scratch, and asks for it.
func (h *Health) renderBody(s *Snapshot, id bodyID, scratch []byte) []byte {
	b := s.appendBody(scratch[:0], id)
	h.want(id)
	return b
}

// want asks every snapshot rendered from now on to pre-render body id; on
// the first ask, it has the newest one re-rendered (by the scheduler when
// it runs, else at once, as for any update).
func (h *Health) want(id bodyID) {
	bit := uint32(1) << id
	for {
		w := h.wanted.Load()
		if w&bit != 0 {
			return
		}
		if h.wanted.CompareAndSwap(w, w|bit) {
			break
		}
	}
	h.changed()
}

// renderBodies pre-renders the bodies in wanted into one buffer, sized by
// the previous render (and a guess for each check and body added since) so
// that it is allocated once and grows with the checks, not by doubling.
// h.renderMu is held.
func (h *Health) renderBodies(s *Snapshot, wanted uint32) {
	n := bits.OnesCount32(wanted)
	size := h.bodySize
	if added := len(s.checks) - h.bodyChecks; added > 0 {
		size += added * n * bodyPerCheck
	}
	if added := bits.OnesCount32(wanted &^ h.bodyWanted); added > 0 {
		size += added * (bodyFirst + len(s.checks)*bodyPerCheck)
	}
	b := make([]byte, 0, size)
	var ends [numBodies]int
	for id := bodyID(0); id < numBodies; id++ {
		if wanted&(1<<id) != 0 {
			b = s.appendBody(b, id)
		}
		ends[id] = len(b)
	}
	// Room for the time fields to grow.
	h.bodySize, h.bodyChecks, h.bodyWanted = len(b)+len(b)/16, len(s.checks), wanted
	start := 0
	for id := range ends {
		if wanted&(1<<id) != 0 {
			s.bodies[id] = b[start:ends[id]:ends[id]]
		}
		start = ends[id]
	}
}
