package stdlib

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

// Server serves the healthlite endpoints with net/http on a listener from
// transport.Listen (or any other). The zero value, with Health set, has
// hardened defaults: every timeout set, a header size cap and a tiny body
// cap.
type Server struct {
	// Health answers the requests. It must be set.
	Health *core.Health
	// ReadHeaderTimeout bounds reading a request's header.
	// By default transport.DefaultReadHeaderTimeout (2s).
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request.
	// By default transport.DefaultReadTimeout (5s).
	ReadTimeout time.Duration
	// WriteTimeout bounds writing a response.
	// By default transport.DefaultWriteTimeout (5s).
	WriteTimeout time.Duration
	// IdleTimeout bounds waiting for the next request on a kept-alive
	// connection. By default transport.DefaultIdleTimeout (60s).
	IdleTimeout time.Duration
	// MaxHeaderBytes caps the size of a request header.
	// By default transport.DefaultMaxHeaderBytes (8 KiB).
	MaxHeaderBytes int
	// MaxRequestBodySize caps a request body: a larger one, or one of
	// unknown length, gets 413 and the connection is closed.
	// By default transport.DefaultMaxRequestBodySize (1 KiB).
	MaxRequestBodySize int
	// MaxConns caps the connections open at once (see transport.Guard):
	// past it the oldest idle connection is closed for a new one, and a
	// share of it is kept for loopback clients. By default (0) it is
	// derived from the open file limit (transport.DefaultMaxConns); a
	// negative value means no cap.
	MaxConns int
	// GRPC, when set, serves grpc.health.v1.Health on the same listener:
	// connections that open with the HTTP/2 client preface go to it (see
	// transport.SplitH2C), every other one to HTTP as before. Its Health,
	// when nil, is set to Health. By default nil: an HTTP/2 preface gets
	// the HTTP server's refusal.
	GRPC *grpchealth.Server
	// TLS, when set, serves HTTPS with it (see transport.ServerTLS):
	// HTTP/1.1, and gRPC when GRPC is set over ALPN "h2" instead of h2c. A
	// client whose certificate TLS.ClientCAs verified sees details as a
	// local one does. By default nil: plain HTTP.
	TLS *tls.Config
	// Token, when set, lets a client sending "Authorization: Bearer TOKEN"
	// see details as a local one does. By default nil.
	Token *transport.Token
	// Logger receives net/http's own error messages, at ERROR, and the
	// connection cap's lines.
	// By default slog.Default().
	Logger *slog.Logger

	mu       sync.Mutex
	srv      *http.Server
	shutdown bool
}

// server returns the http.Server, made on first use.
func (s *Server) server() *http.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		return s.srv
	}
	log := s.logger()
	s.srv = &http.Server{
		Handler:           bodyCap{handler{h: s.Health, tok: s.Token}, or(s.MaxRequestBodySize, transport.DefaultMaxRequestBodySize)},
		ReadHeaderTimeout: or(s.ReadHeaderTimeout, transport.DefaultReadHeaderTimeout),
		ReadTimeout:       or(s.ReadTimeout, transport.DefaultReadTimeout),
		WriteTimeout:      or(s.WriteTimeout, transport.DefaultWriteTimeout),
		IdleTimeout:       or(s.IdleTimeout, transport.DefaultIdleTimeout),
		MaxHeaderBytes:    or(s.MaxHeaderBytes, transport.DefaultMaxHeaderBytes),
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelError),
	}
	s.setupTLS(s.srv)
	if s.shutdown {
		s.srv.Close()
	}
	return s.srv
}

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Serve answers requests on ln until Shutdown; it returns nil then, and any
// other error as net/http reports it. ln is closed when Serve returns.
func (s *Server) Serve(ln net.Listener) error {
	if s.Health == nil {
		ln.Close()
		return errors.New("healthlite: stdlib.Server: Health is nil")
	}
	// net/http retries only the accept errors it deems temporary (not
	// ENOBUFS, say): the guard retries them all itself.
	err := s.serve(s.server(), transport.NewGuard(ln, transport.GuardConfig{MaxConns: s.MaxConns, Logger: s.logger()}))
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections, lets requests in flight finish and
// closes idle connections. It returns when they are done, or with ctx's
// error when ctx ends first.
func (s *Server) Shutdown(ctx context.Context) error {
	gerr := s.GRPC.Shutdown(ctx)
	s.mu.Lock()
	s.shutdown = true
	srv := s.srv
	s.mu.Unlock()
	if srv == nil {
		return nil // a later Serve returns at once
	}
	if err := srv.Shutdown(ctx); err != nil {
		return err
	}
	return gerr
}

// bodyCap answers 413 to a request whose body is larger than max or of
// unknown length (chunked): probes carry no body. It also answers 505 to
// the HTTP/2 preface, which net/http passes on as method PRI when HTTP/2
// without TLS is not set up.
type bodyCap struct {
	next http.Handler
	max  int
}

func (b bodyCap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 1 {
		w.Header()["Connection"] = closeVal
		http.Error(w, "healthlite: HTTP/2 without TLS is not served; use HTTP/1.1", http.StatusHTTPVersionNotSupported)
		return
	}
	if r.ContentLength < 0 || r.ContentLength > int64(b.max) {
		w.Header()["Connection"] = closeVal
		http.Error(w, transport.TooLargeText, http.StatusRequestEntityTooLarge)
		return
	}
	b.next.ServeHTTP(w, r)
}

var closeVal = []string{"close"}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
