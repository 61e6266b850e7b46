package transport

import (
	"log/slog"
	"testing"
)

// TestGuardSharedCount: with a ConnCount shared with an event loop, the
// Guard decides by the total — a place the loop holds is not free — counts
// its own connections in and out of it, and makes room only among its own.
func TestGuardSharedCount(t *testing.T) {
	shared := new(ConnCount)
	shared.Add(false, 2) // the loop holds two remote connections
	shared.Add(true, 1)  // and one local
	ln := newFakeListener()
	g := NewGuard(ln, GuardConfig{MaxConns: 4, LocalConns: 1, Logger: slog.New(slog.DiscardHandler), Shared: shared})
	t.Cleanup(func() { g.Close() })

	r := []*fakeConn{remoteConn(), remoteConn()}
	got := acceptAll(t, g, ln, r[0])
	if got[0] == nil {
		t.Fatal("a remote client within the shared cap was refused")
	}
	if locals, remotes := shared.Load(); locals != 1 || remotes != 3 {
		t.Fatalf("shared count %d local, %d remote after an admit; want 1, 3", locals, remotes)
	}
	got[0].Read(make([]byte, 64)) // busy
	if acceptAll(t, g, ln, r[1])[0] != nil || !r[1].isClosed() {
		t.Fatal("a remote client past the remote share, counted with the loop's, was not refused")
	}
	got[0].Close()
	if locals, remotes := shared.Load(); locals != 1 || remotes != 2 {
		t.Fatalf("shared count %d local, %d remote after a Close; want 1, 2", locals, remotes)
	}
	// The loop's connections are not the Guard's to close: at the cap
	// with none of its own idle, a local client is refused.
	shared.Add(true, 1)
	l := localConn()
	if acceptAll(t, g, ln, l)[0] != nil || !l.isClosed() {
		t.Fatal("a local client at the shared cap, with no idle connection of the Guard's, was not refused")
	}
}
