package grpchealth

import (
	"context"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"golang.org/x/net/http2"
)

// watcher reads the messages of one Watch stream.
type watcher struct {
	c  *rawClient
	id uint32
	r  *result
}

func (c *rawClient) watch(id uint32, service string, extra ...string) *watcher {
	c.call(id, "Watch", service, extra...)
	return &watcher{c: c, id: id, r: c.stream(id)}
}

// next returns the next status, or fails when the stream ends first.
func (w *watcher) next(t *testing.T) Status {
	t.Helper()
	for len(w.r.msgs) == 0 {
		if w.r.ended || w.r.reset {
			t.Fatalf("Watch ended: %v", w.r.trailers)
		}
		f, err := w.c.Fr.ReadFrame()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := f.(*http2.GoAwayFrame); ok && w.r.ended {
			continue
		}
		w.c.take(f)
	}
	st, err := ParseResponse(w.r.msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	w.r.msgs = w.r.msgs[1:]
	return st
}

// want fails t unless the next status is want; what names the moment.
func (w *watcher) want(t *testing.T, what string, want Status) {
	t.Helper()
	if st := w.next(t); st != want {
		t.Fatalf("%s: %v, want %v", what, st, want)
	}
}

// end reads until the stream ends and returns its trailers.
func (w *watcher) end(t *testing.T) map[string]string {
	t.Helper()
	for !w.r.ended && !w.r.reset {
		f, err := w.c.Fr.ReadFrame()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := f.(*http2.GoAwayFrame); ok {
			continue
		}
		w.c.take(f)
	}
	if len(w.r.msgs) != 0 {
		t.Errorf("messages before the end: %d", len(w.r.msgs))
	}
	return w.r.trailers
}

func TestWatchTransitions(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	ready := c.watch(1, "readiness")
	db := c.watch(3, "db")
	unknown := c.watch(5, "later")
	ready.want(t, "readiness first", StatusServing)
	db.want(t, "db first", StatusServing)
	unknown.want(t, "unknown first", StatusServiceUnknown)
	f.db.Set(core.StatusFail, "down")
	ready.want(t, "readiness after fail", StatusNotServing)
	db.want(t, "db after fail", StatusNotServing)
	// A change of message only, or of another service, sends nothing:
	// the next message on db is the next change of its status.
	f.db.Set(core.StatusFail, "still down")
	f.cache.Set(core.StatusFail, "gone")
	f.db.Set(core.StatusWarn, "slow")
	db.want(t, "db after warn", StatusServing)
	// The name appears.
	if _, err := f.h.Reporter("later", core.GroupLive); err != nil {
		t.Fatal(err)
	}
	unknown.want(t, "later after registration", StatusNotServing) // unknown until set
	ready.want(t, "readiness back", StatusServing)
	// Drain: readiness turns NOT_SERVING at once.
	f.h.Shutdown()
	ready.want(t, "readiness on drain", StatusNotServing)
	// Shutdown ends every stream cleanly.
	go f.srv.Shutdown(context.Background())
	for _, w := range []*watcher{ready, db, unknown} {
		if tr := w.end(t); tr["grpc-status"] != "14" {
			t.Errorf("stream %d ended with %v; want grpc-status 14", w.id, tr)
		}
	}
	if code, ok := c.GoAway(); !ok || code != http2.ErrCodeNo {
		t.Errorf("GOAWAY %v %v; want NO_ERROR", code, ok)
	}
}

func TestWatchDeadline(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	w := c.watch(1, "", "grpc-timeout", "50m")
	w.want(t, "first", StatusServing)
	if tr := w.end(t); tr["grpc-status"] != "4" {
		t.Errorf("trailers %v; want DEADLINE_EXCEEDED", tr)
	}
}

func TestWatchCaps(t *testing.T) {
	f := newFixture(t, &Server{MaxWatchesPerConn: 2, MaxWatches: 3})
	c := dialRaw(t, f.addr)
	a, b := c.watch(1, ""), c.watch(3, "")
	a.next(t)
	b.next(t)
	c.call(5, "Watch", "")
	if r := c.read(5); r.trailers["grpc-status"] != "8" {
		t.Errorf("third on one connection: %v", r.trailers)
	}
	c2 := dialRaw(t, f.addr)
	c2.watch(1, "").next(t)
	c2.call(3, "Watch", "")
	if r := c2.read(3); r.trailers["grpc-status"] != "8" {
		t.Errorf("fourth in all: %v", r.trailers)
	}
	// A reset frees its place.
	c.Fr.WriteRSTStream(1, http2.ErrCodeCancel)
	c.Flush()
	coretest.WaitFor(t, "the reset Watch released", func() bool { return f.srv.watches.Load() == 2 })
	c2.watch(5, "").next(t)
}

func TestWatchZeroWindowCoalesces(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	c.Fr.WriteSettings(http2.Setting{ID: http2.SettingInitialWindowSize, Val: 0})
	c.Flush()
	w := c.watch(1, "db")
	// Nothing can be sent; the status flips many times meanwhile.
	for i := 0; i < 50; i++ {
		f.db.Set(core.StatusFail, "")
		f.db.Set(core.StatusPass, "")
	}
	f.db.Set(core.StatusFail, "")
	coretest.WaitFor(t, "db failing", func() bool { return !f.h.Snapshot().Ready() })
	// Opening the window sends the newest status only.
	c.Fr.WriteWindowUpdate(1, 1<<20)
	c.Flush()
	coretest.WaitFor(t, "db failing reported", func() bool {
		c.NC.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		defer c.NC.SetReadDeadline(time.Now().Add(30 * time.Second))
		for len(w.r.msgs) == 0 {
			fr, err := c.Fr.ReadFrame()
			if err != nil {
				return false
			}
			c.take(fr)
		}
		st, _ := ParseResponse(w.r.msgs[len(w.r.msgs)-1])
		return st == StatusNotServing
	})
	if len(w.r.msgs) > 2 {
		t.Errorf("%d messages queued; want the newest status only", len(w.r.msgs))
	}
}

// A connection with a Watch stream is pinged; a client that acknowledges
// stays connected past the Watch idle timeout many times over.
func TestWatchKeepalive(t *testing.T) {
	f := newFixture(t, &Server{WatchIdleTimeout: time.Second})
	c := dialRaw(t, f.addr)
	w := c.watch(1, "")
	w.next(t)
	for c.pings < 4 {
		fr, err := c.Fr.ReadFrame()
		if err != nil {
			t.Fatal(err)
		}
		c.take(fr)
	}
	c.call(3, "Check", "")
	if st := c.read(3).status(t); st != StatusServing {
		t.Errorf("after 4 pings: %v", st)
	}
}

// Maintenance takes the service out of rotation for gRPC as for /readyz:
// readiness is NOT_SERVING while it is on, liveness is unaffected.
func TestWatchMaintenance(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	ready := c.watch(1, "readiness")
	live := c.watch(3, "liveness")
	ready.want(t, "readiness first", StatusServing)
	live.want(t, "liveness first", StatusServing)
	f.h.SetMaintenance(core.Maintenance{On: true, Reason: "kernel upgrade"})
	ready.want(t, "readiness in maintenance", StatusNotServing)
	f.h.SetMaintenance(core.Maintenance{})
	ready.want(t, "readiness after maintenance", StatusServing)
	// Liveness never changed: its next message would be its next change,
	// so the one it has is still the first (nothing was queued for it).
	if n := len(live.r.msgs); n != 0 {
		t.Errorf("liveness sent %d more messages during maintenance; want none", n)
	}
}
