package transporttest

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// The timeouts of the suite's two servers: quick, for the tests that wait
// for the server to give up on a client, and patient, for the tests that
// hold connections open or push many requests, so that a loaded machine
// cannot make the server drop a client that is doing nothing wrong.
const (
	quickTimeout   = 250 * time.Millisecond
	patientTimeout = 5 * time.Minute
)

// RunAbuse runs the abuse suite as subtests of t: hostile and broken
// clients, with real sockets on 127.0.0.1, bounded in count and time.
//
//   - Slowloris: a header (or body) trickled byte by byte, and connections
//     that send nothing, are closed by the server once the header or idle
//     timeout passes.
//   - 1 MiB of headers gets 431 or the connection closed, never an answer.
//   - Malformed request lines, bad methods, HTTP/0.9, absurd URIs (64 KiB,
//     %-garbage, NUL bytes) and request smuggling attempts get 400 (or the
//     status that is more precise: 414, 431, 505, …) without a panic.
//   - 10,000 concurrent idle connections cost bounded memory, and the
//     server answers meanwhile.
//   - 5,000 sequential Connection: close requests all succeed.
//   - 1,000 pipelined requests on one connection are answered in order.
//
// After every attack the server must still answer a well-formed request on
// a new connection, and no panic may have been logged.
func RunAbuse(t *testing.T, newServer NewServer) {
	f := newFixture(t)
	// Raise the file limit before the servers start: their connection cap
	// (by default the limit less an eighth) is derived from it, and
	// IdleConnections holds 10,000 connections.
	if restore, err := raiseFileLimit((idleConns + openFilesMargin) * 8 / 7); err == nil {
		t.Cleanup(restore)
	}
	log := new(watchLog)
	start := func(timeout time.Duration) string {
		return Serve(t, newServer(Config{Health: f.h, HeaderTimeout: timeout, IdleTimeout: timeout, Logger: slog.New(log)}))
	}
	quick, patient := start(quickTimeout), start(patientTimeout)
	run := func(name string, fn func(t *testing.T)) {
		t.Run(name, func(t *testing.T) {
			fn(t)
			log.check(t)
			stillAnswers(t, f, quick)
			stillAnswers(t, f, patient)
		})
	}
	run("Slowloris", func(t *testing.T) { testSlowloris(t, quick) })
	run("SlowBody", func(t *testing.T) { testSlowBody(t, quick) })
	run("SilentConnection", func(t *testing.T) { testSilent(t, quick) })
	run("IdleKeepAlive", func(t *testing.T) { testIdleKeepAlive(t, quick) })
	run("HugeHeaders", func(t *testing.T) { testHugeHeaders(t, patient) })
	run("Malformed", func(t *testing.T) { testMalformed(t, quick) })
	run("ConnectionCloseStorm", func(t *testing.T) { testCloseStorm(t, f, patient) })
	run("Pipelined1000", func(t *testing.T) { testPipelined1000(t, f, patient) })
	run("IdleConnections", func(t *testing.T) { testIdleConnections(t, f, patient) })
}

// stillAnswers checks that the server at addr answers a well-formed request
// on a new connection as the router decides.
func stillAnswers(t *testing.T, f *fixture, addr string) {
	t.Helper()
	c := dial(t, addr)
	r := get("/livez?verbose")
	if a, ok := c.do(t, r); ok {
		check(t, r, a, f.route("GET", r.target, ""))
	} else {
		t.Errorf("the server at %s stopped answering", addr)
	}
	c.c.Close()
}

// watchLog is the servers' slog handler: it drops the errors hostile
// clients cause by design (timeouts, bad requests) and remembers the
// messages that report a recovered panic or a failed accept, which fail the
// test that caused them.
type watchLog struct {
	mu  sync.Mutex
	bad []string
}

func (w *watchLog) Enabled(context.Context, slog.Level) bool { return true }
func (w *watchLog) WithAttrs([]slog.Attr) slog.Handler       { return w }
func (w *watchLog) WithGroup(string) slog.Handler            { return w }

func (w *watchLog) Handle(_ context.Context, r slog.Record) error {
	msg := r.Message
	if strings.Contains(msg, "panic") || strings.Contains(msg, "Accept error") {
		w.mu.Lock()
		w.bad = append(w.bad, msg)
		w.mu.Unlock()
	}
	return nil
}

// check fails t with the bad messages logged since the last check.
func (w *watchLog) check(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	bad := w.bad
	w.bad = nil
	w.mu.Unlock()
	for _, m := range bad {
		t.Errorf("the server logged: %s", m)
	}
}
