package transport

import (
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"
)

// GuardConfig says how Guard caps connections.
type GuardConfig struct {
	// MaxConns caps the connections open at once. By default (0)
	// DefaultMaxConns(FileLimit(), DefaultReservedFiles); a negative
	// value means no cap.
	MaxConns int
	// LocalConns is how many of MaxConns only loopback clients (and unix
	// socket clients) may take. By default LocalShare(MaxConns).
	LocalConns int
	// Logger receives the cap at start, accept errors and connections
	// closed at the cap. By default slog.Default().
	Logger *slog.Logger
	// Shared, when set, counts the Guard's connections together with
	// those of an event loop serving the same socket (see ConnCount): the
	// cap then holds for both. By default nil: the Guard counts its own.
	Shared *ConnCount
}

// Guard is a listener that keeps serving when the process runs out of file
// descriptors or a client opens too many connections. Both transports'
// Servers serve through one.
//
// Accept waits out errors that pass — EMFILE, ENFILE, ENOBUFS, ENOMEM,
// ECONNABORTED and the like — retrying after 5ms, doubling up to 1s as
// net/http does, and returns only the errors of a closed or broken
// listener: a server never stops because someone opened connections.
//
// Past the cap, a new connection takes the place of the oldest idle one
// (accepted and waiting for its first request, or kept alive between
// requests), and is closed at once when none is idle. Part of the cap is
// kept for loopback clients, which a flood from other hosts cannot take.
// The cap leaves the rest of the open file limit to the checks, so that
// they do not fail for want of a descriptor during a flood.
type Guard struct {
	net.Listener
	log  *slog.Logger
	set  *connSet // nil: no cap
	done chan struct{}
	once sync.Once

	// The accept loop's own state: only Accept uses it, and the server
	// calls Accept from one goroutine.
	delay    time.Duration // before the next retry; 0 after a success
	failures int           // in the current run of failed accepts
	lastWarn time.Time     // of the last log line about failed accepts

	capMu      sync.Mutex
	capLogged  time.Time
	capClosed  uint64 // at the last log line about the cap
	capRefused uint64
}

// NewGuard returns ln guarded as cfg says, and logs the cap at INFO, e.g.
//
//	Open file limit 1024: serving at most 896 connections, 112 of them kept for loopback clients
func NewGuard(ln net.Listener, cfg GuardConfig) *Guard {
	g := &Guard{Listener: ln, log: orDefault(cfg.Logger), done: make(chan struct{})}
	limit := FileLimit()
	limitText := "Open file limit unknown"
	if limit > 0 {
		limitText = "Open file limit " + strconv.Itoa(limit)
	}
	max := cfg.MaxConns
	if max == 0 {
		max = DefaultMaxConns(limit, DefaultReservedFiles)
	}
	if max < 0 {
		g.log.Info(limitText + ": no connection cap")
		return g
	}
	local := cfg.LocalConns
	if local <= 0 || local > max {
		local = LocalShare(max)
	}
	g.set = newConnSet(max, local, cfg.Shared)
	g.log.Info(limitText + ": serving at most " + strconv.Itoa(max) + " connections, " + strconv.Itoa(local) + " of them kept for loopback clients")
	return g
}

// Accept returns the next connection, waiting out errors that pass (see
// Guard) and closing connections past the cap. It is meant for one
// goroutine at a time, as servers call it.
func (g *Guard) Accept() (net.Conn, error) {
	for {
		c, err := g.Listener.Accept()
		if err != nil {
			if !acceptRetryable(err) {
				return nil, err
			}
			g.delay = nextAcceptDelay(g.delay)
			g.failures++
			g.warnAccept(err)
			g.wait(g.delay) // then Accept again: a closed listener says so
			continue
		}
		if g.failures > 0 {
			g.log.Info("Accepting connections again after " + strconv.Itoa(g.failures) + " failed attempts")
		}
		g.delay, g.failures = 0, 0
		if g.set == nil {
			return c, nil
		}
		if tc := g.admit(c); tc != nil {
			return tc, nil
		}
	}
}

// admit counts c against the cap, closing the connection it displaces, or
// closes c and returns nil when it is refused.
func (g *Guard) admit(c net.Conn) net.Conn {
	tc := &trackedConn{Conn: c, set: g.set, local: localAddr(c.RemoteAddr())}
	displaced, ok := g.set.admit(tc)
	if displaced != nil {
		displaced.Conn.Close()
	}
	if !ok {
		c.Close()
	}
	if displaced != nil || !ok {
		g.warnCap()
	}
	if !ok {
		return nil
	}
	return tc
}

// localAddr reports whether a client at a is on this machine: a loopback
// address or a unix socket.
func localAddr(a net.Addr) bool {
	switch a := a.(type) {
	case *net.TCPAddr:
		return a.IP.IsLoopback()
	case *net.UnixAddr:
		return true
	}
	return false
}

// wait sleeps for d, or until the listener is closed.
func (g *Guard) wait(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-g.done:
	}
}

// warnAccept logs a failed accept at WARNING: the first of a run, then at
// most one every 10 seconds.
func (g *Guard) warnAccept(err error) {
	now := time.Now()
	if g.failures > 1 && now.Sub(g.lastWarn) < 10*time.Second {
		return
	}
	g.lastWarn = now
	g.log.Warn("Cannot accept connections, retrying in "+g.delay.String(), "err", err, "failures", g.failures)
}

// warnCap logs at WARNING that the cap was reached: at once the first
// time, then at most once a minute, with the counts since the last line.
func (g *Guard) warnCap() {
	g.capMu.Lock()
	defer g.capMu.Unlock()
	now := time.Now()
	if !g.capLogged.IsZero() && now.Sub(g.capLogged) < time.Minute {
		return
	}
	g.capLogged = now
	locals, remotes, closed, refused := g.set.counts()
	g.log.Warn("Connection cap of "+strconv.Itoa(g.set.set.Max)+" reached: closed "+strconv.FormatUint(closed-g.capClosed, 10)+
		" idle connections and refused "+strconv.FormatUint(refused-g.capRefused, 10)+" new ones",
		"local_conns", locals, "remote_conns", remotes)
	g.capClosed, g.capRefused = closed, refused
}

// Close closes the listener; an Accept waiting to retry returns at once.
func (g *Guard) Close() error {
	g.once.Do(func() { close(g.done) })
	return g.Listener.Close()
}
