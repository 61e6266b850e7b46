package core

import (
	"bytes"
	"context"
	"sync"
	"testing"
)

// bodyRequests are a request for each body a snapshot can pre-render.
var bodyRequests = [numBodies]Request{
	bodyHealth:         {Method: "GET", Path: "/health"},
	bodyHealth + 1:     {Method: "GET", Path: "/health", RawQuery: "verbose", Local: true},
	bodyHealthPlus:     {Method: "GET", Path: "/health", Accept: "application/health+json"},
	bodyHealthPlus + 1: {Method: "GET", Path: "/health", RawQuery: "verbose", Accept: "application/health+json", Local: true},
	bodyKube:           {Method: "GET", Path: "/healthz"},
	bodyKube + 1:       {Method: "GET", Path: "/healthz", RawQuery: "verbose", Local: true},
	bodyKube + 2:       {Method: "GET", Path: "/livez"},
	bodyKube + 3:       {Method: "GET", Path: "/livez", RawQuery: "verbose", Local: true},
	bodyKube + 4:       {Method: "GET", Path: "/readyz"},
	bodyKube + 5:       {Method: "GET", Path: "/readyz", RawQuery: "verbose", Local: true},
	bodyAgent:          {Path: "agent"},
	bodyAgent + 1:      {Path: "agent", Local: true},
}

// askBody asks h for body id as a client would, and returns the answer
// and whether it came from the snapshot.
func askBody(h *Health, id bodyID) ([]byte, bool) {
	req := bodyRequests[id]
	if req.Path == "agent" {
		b := h.AgentReply(req.Local)
		s := h.Snapshot()
		return b, sameStart(b, s.bodies[bodyAgent]) || sameStart(b, s.bodies[bodyAgent+1])
	}
	resp := Response{Scratch: make([]byte, 0, 4096)}
	h.Route(&req, &resp)
	return resp.Body, resp.Fixed
}

// TestSnapshotPreRendersTheBodiesAskedFor: a snapshot pre-renders /health
// and the bodies clients have asked for, no others; the first answer of a
// body, rendered on the spot, is the one later snapshots pre-render.
func TestSnapshotPreRendersTheBodiesAskedFor(t *testing.T) {
	h := New(Options{Clock: NewManualClock(t0)}) // details for local clients
	db, _ := h.Reporter("db", GroupReady)
	db.Set(StatusFail, "connection refused")
	h.Flag("bot_ready", true)
	rendered := func() (ids []bodyID) {
		for id, b := range h.Snapshot().bodies {
			if b != nil {
				ids = append(ids, bodyID(id))
			}
		}
		return ids
	}
	if got := rendered(); len(got) != 1 || got[0] != bodyHealth {
		t.Fatalf("a fresh Health pre-renders bodies %v, want only /health (%d)", got, bodyHealth)
	}
	for id := bodyID(0); id < numBodies; id++ {
		first, fixed := askBody(h, id)
		if fixed != (id == bodyHealth) {
			t.Errorf("body %d: first answer from the snapshot %v", id, fixed)
		}
		first = bytes.Clone(first)
		again, fixed := askBody(h, id)
		if !fixed || !bytes.Equal(first, again) {
			t.Errorf("body %d: second answer from the snapshot %v, %q; first %q", id, fixed, again, first)
		}
		if got := rendered(); len(got) != int(id)+1 {
			t.Errorf("after asking for body %d the snapshot pre-renders %v", id, got)
		}
	}
}

// TestSnapshotBodiesSizedByWhatIsAskedFor: the bodies of a snapshot take
// the memory of the ones asked for, so a device that probes /health and
// /readyz?verbose does not keep the ten others.
func TestSnapshotBodiesSizedByWhatIsAskedFor(t *testing.T) {
	h, _ := newTestHealth(t, Options{})
	db, _ := h.Reporter("db", GroupReady)
	db.Set(StatusFail, "connection refused")
	askBody(h, bodyKube+5)
	h.publish()
	total := 0
	for _, b := range h.Snapshot().bodies {
		total += len(b)
	}
	if want := len(h.Snapshot().bodies[bodyHealth]) + len(h.Snapshot().bodies[bodyKube+5]); total != want {
		t.Errorf("the snapshot holds %d bytes of bodies, want %d (/health and /readyz?verbose)", total, want)
	}
	h.renderMu.Lock()
	size := h.bodySize
	h.renderMu.Unlock()
	if size != total+total/16 {
		t.Errorf("the next render allocates %d bytes for its bodies, want %d (these and 1/16 for the time fields)", size, total+total/16)
	}
}

// sameStart reports whether a and b are non-empty and start at one address.
func sameStart(a, b []byte) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }

// TestBodiesAskedForConcurrently: clients asking for bodies for the first
// time while the scheduler renders and a flag changes get whole answers
// (run with -race), and the snapshot ends up pre-rendering every body.
func TestBodiesAskedForConcurrently(t *testing.T) {
	h := New(Options{Clock: NewManualClock(t0)})
	f, _ := h.Flag("ready", true)
	h.Start(context.Background())
	t.Cleanup(h.Stop)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				for id := bodyID(0); id < numBodies; id++ {
					if b, _ := askBody(h, id); len(b) == 0 {
						t.Errorf("body %d: empty answer", id)
					}
				}
				f.Set(i%2 == 0)
			}
		}()
	}
	wg.Wait()
	waitFor(t, "every body pre-rendered", func() bool {
		for _, b := range h.Snapshot().bodies {
			if b == nil {
				return false
			}
		}
		return true
	})
}
