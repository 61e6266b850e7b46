package transport

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"time"
)

// ListenAgent binds the HAProxy agent-check listener as Listen binds the
// health server: the first free port of cfg.Ports on cfg.Addr, with the
// same fallback and log lines, "Agent check started on port 9700" on
// success. It never takes a systemd-activated socket (that one is the
// health server's) and returns a *NoFreePortError when no port is free.
func ListenAgent(ctx context.Context, cfg Config) (net.Listener, error) {
	return bind(ctx, cfg, orDefault(cfg.Logger), "agent check", false)
}

// DefaultAgentWriteTimeout bounds the write of one agent-check reply.
const DefaultAgentWriteTimeout = time.Second

// AgentServer answers HAProxy's agent-check: for each connection it writes
// one line and closes, without reading what the client sends (HAProxy's
// agent-send text, or nothing) and without waiting for it.
//
// Connections are answered one after another on the accepting goroutine:
// the reply is a few bytes, pre-rendered, that a new connection's socket
// buffer always takes at once, so no connection is held open while others
// wait, whatever the clients do (never read, read slowly, never close), and
// the server's memory does not grow with their number.
type AgentServer struct {
	// Reply returns the line to send; local reports a client on a loopback
	// address (core.Health.AgentReply). It runs on the accepting goroutine
	// and must not block or keep the slice. Required.
	Reply func(local bool) []byte
	// WriteTimeout bounds the write of one reply. By default
	// DefaultAgentWriteTimeout.
	WriteTimeout time.Duration
	// Logger receives accept errors. By default slog.Default().
	Logger *slog.Logger

	mu     sync.Mutex
	ln     net.Listener
	closed bool
}

// Serve answers connections on ln until Shutdown, then returns nil; any
// other accept error that persists is retried with a backoff of up to a
// second (running out of file descriptors must not spin or stop the
// server).
func (a *AgentServer) Serve(ln net.Listener) error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.ln = ln
	a.mu.Unlock()
	log := orDefault(a.Logger)
	timeout := a.WriteTimeout
	if timeout <= 0 {
		timeout = DefaultAgentWriteTimeout
	}
	var backoff time.Duration
	for {
		c, err := ln.Accept()
		if err != nil {
			if a.isClosed() || errors.Is(err, net.ErrClosed) {
				return nil
			}
			if backoff == 0 {
				backoff = 5 * time.Millisecond
				log.Warn("Agent check cannot accept connections, retrying", "err", err)
			} else if backoff < time.Second {
				backoff *= 2
			}
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		a.answer(c, timeout)
	}
}

// answer writes the reply to c and closes it. It allocates nothing once the
// connection is accepted.
func (a *AgentServer) answer(c net.Conn, timeout time.Duration) {
	local := false
	if addr, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		local = addr.IP.IsLoopback()
	}
	c.SetWriteDeadline(time.Now().Add(timeout))
	c.Write(a.Reply(local))
	c.Close()
}

func (a *AgentServer) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// Shutdown closes the listener; Serve returns once the connection it is
// answering, if any, is done. Connections are never left half-answered.
func (a *AgentServer) Shutdown() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	if a.ln != nil {
		return a.ln.Close()
	}
	return nil
}
