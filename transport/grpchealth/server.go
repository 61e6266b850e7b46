package grpchealth

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// The defaults of Server's limits.
const (
	DefaultMaxConcurrentStreams = 100
	DefaultMaxWatchesPerConn    = 16
	DefaultMaxWatches           = 1024
	DefaultMaxHeaderListSize    = 16 << 10
	DefaultHandshakeTimeout     = 2 * time.Second
	DefaultIdleTimeout          = 60 * time.Second
	DefaultWatchIdleTimeout     = 5 * time.Minute
	DefaultWriteTimeout         = 5 * time.Second
)

// Server answers grpc.health.v1.Health (Check, Watch, List) over HTTP/2
// cleartext with prior knowledge, from the snapshots of Health. The zero
// value, with Health set, has bounded defaults for every resource.
type Server struct {
	// Health is the source of every answer. It must be set.
	Health *core.Health
	// UnavailableWhenNotServing answers a Check whose service is
	// NOT_SERVING with status 14 (UNAVAILABLE) instead of an OK response
	// carrying NOT_SERVING, for AWS ALB target groups, which read only the
	// gRPC status code. By default false, as the protocol says.
	UnavailableWhenNotServing bool
	// Token, when set, lets a List call carrying "authorization: Bearer
	// TOKEN" metadata see check names as a local client does; so does a
	// client certificate verified over TLS. The HTTP transports serving TLS
	// set it to their own Token when nil.
	Token *transport.Token
	// MaxConcurrentStreams is advertised in SETTINGS; streams beyond it are
	// refused. By default DefaultMaxConcurrentStreams (100).
	MaxConcurrentStreams int
	// MaxWatchesPerConn caps the open Watch streams of one connection; one
	// more is answered RESOURCE_EXHAUSTED. By default DefaultMaxWatchesPerConn (16).
	MaxWatchesPerConn int
	// MaxWatches caps the open Watch streams of the whole server.
	// By default DefaultMaxWatches (1024).
	MaxWatches int
	// MaxHeaderListSize caps a request's header block, encoded and
	// decoded (an HPACK bomb stops at it). By default DefaultMaxHeaderListSize (16 KiB).
	MaxHeaderListSize int
	// HandshakeTimeout bounds reading the client preface and SETTINGS.
	// By default DefaultHandshakeTimeout (2s).
	HandshakeTimeout time.Duration
	// IdleTimeout closes a connection that sends nothing for this long
	// while it has no Watch stream. By default DefaultIdleTimeout (60s).
	IdleTimeout time.Duration
	// WatchIdleTimeout closes a connection with Watch streams that sends
	// nothing (not even a PING acknowledgement) for this long; the server
	// pings such a connection at half this interval.
	// By default DefaultWatchIdleTimeout (5m).
	WatchIdleTimeout time.Duration
	// WriteTimeout bounds each write to a connection.
	// By default DefaultWriteTimeout (5s).
	WriteTimeout time.Duration

	once    sync.Once
	view    atomic.Pointer[view]
	mu      sync.Mutex
	conns   map[*conn]struct{}
	closing bool
	watches atomic.Int64
	done    chan struct{} // closed by Shutdown
	wg      sync.WaitGroup
}

// errNoHealth is returned by Serve and ServeConn without Health.
var errNoHealth = errors.New("healthlite: grpchealth.Server: Health is nil")

// init subscribes to Health's snapshots, once.
func (s *Server) init() {
	s.once.Do(func() {
		s.conns = map[*conn]struct{}{}
		s.done = make(chan struct{})
		s.Health.Subscribe(s.publish)
		s.publish(s.Health.Snapshot())
	})
}

// publish renders the view of snap and wakes Watch streams when it changed.
func (s *Server) publish(snap *core.Snapshot) {
	s.mu.Lock()
	old := s.view.Load()
	v := newView(snap, old)
	if v == old {
		s.mu.Unlock()
		return
	}
	s.view.Store(v)
	for c := range s.conns {
		c.wakeWatches()
	}
	s.mu.Unlock()
}

// Serve accepts connections on ln and serves each with ServeConn until
// Shutdown; it returns nil then. ln is closed when Serve returns.
func (s *Server) Serve(ln net.Listener) error {
	defer ln.Close()
	if s.Health == nil {
		return errNoHealth
	}
	s.init()
	go func() {
		<-s.done
		ln.Close()
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			select {
			case <-s.done:
				return nil
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return err
		}
		go s.ServeConn(c)
	}
}

// ServeConn serves one connection whose first bytes are the HTTP/2 client
// preface, and closes it when done (the client goes away, a protocol
// error, a timeout, or Shutdown).
func (s *Server) ServeConn(nc net.Conn) {
	if s.Health == nil {
		nc.Close()
		return
	}
	s.init()
	c := newConn(s, nc)
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		nc.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		s.wg.Done()
	}()
	c.serve()
}

// Split is what a transport's Server does with its GRPC field: it hands
// the connections of ln that open with the HTTP/2 preface to s (see
// transport.SplitH2C) and returns the listener of the others. s.Health,
// when nil, is set to h. On a nil s it returns ln.
func (s *Server) Split(ln net.Listener, h *core.Health) net.Listener {
	if s == nil {
		return ln
	}
	if s.Health == nil {
		s.Health = h
	}
	return transport.SplitH2C(ln, s.ServeConn)
}

// Shutdown ends every Watch stream with UNAVAILABLE, sends GOAWAY on every
// connection, lets the requests in flight finish, and closes the
// connections. It returns when they are closed, or with ctx's error when
// ctx ends first (the connections are closed then). On a nil s it does
// nothing.
func (s *Server) Shutdown(ctx context.Context) error {
	if s == nil || s.Health == nil {
		return nil
	}
	s.init()
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		close(s.done)
	}
	for c := range s.conns {
		c.goAway()
	}
	s.mu.Unlock()
	finished := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.conns {
			c.nc.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}

// or returns v, or def when v is the zero value.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
