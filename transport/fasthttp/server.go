package fasthttp

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/valyala/fasthttp"
)

// Server serves the healthlite endpoints with fasthttp on a listener from
// transport.Listen (or any other). The zero value, with Health set, has
// hardened defaults: every timeout set, a header size cap, a tiny body cap,
// no Server header, and a Date header on every response.
type Server struct {
	// Health answers the requests. It must be set.
	Health *core.Health
	// ReadHeaderTimeout bounds reading a request's header. fasthttp reads
	// header and body under one deadline: the smaller of ReadHeaderTimeout
	// and ReadTimeout applies to the whole request.
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
	// MaxHeaderBytes caps the size of a request header (fasthttp's read
	// buffer). By default transport.DefaultMaxHeaderBytes (8 KiB).
	MaxHeaderBytes int
	// MaxRequestBodySize caps a request body: a larger one gets 413 and the
	// connection is closed. By default transport.DefaultMaxRequestBodySize (1 KiB).
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
	// TLS, when set, serves HTTPS with it (see transport.ServerTLS and
	// transport.TLSListener): HTTP/1.1, and gRPC when GRPC is set over ALPN
	// "h2" instead of h2c. A client whose certificate TLS.ClientCAs verified
	// sees details as a local one does. By default nil: plain HTTP.
	TLS *tls.Config
	// Token, when set, lets a client sending "Authorization: Bearer TOKEN"
	// see details as a local one does. By default nil.
	Token *transport.Token
	// Logger receives fasthttp's own error messages, at ERROR, and the
	// connection cap's lines.
	// By default slog.Default().
	Logger *slog.Logger
	// EventLoop, on Linux, serves probes from one event loop of the
	// Server's own: GET and HEAD requests over plain HTTP/1.1 (see
	// readProbe) are read, routed and answered with one read and one
	// write each on an epoll instance, as nginx serves them, without
	// fasthttp's goroutine per connection; the first request on a
	// connection that is anything else (a body, HTTP/1.0, the h2c preface,
	// a malformed request) hands the connection, with what was read, to
	// fasthttp, which serves it as without the loop. Timeouts, the
	// connection cap (counted apart for the loop's connections and
	// fasthttp's) and a graceful Shutdown hold alike. It needs the
	// listener to be a *net.TCPListener and TLS nil; otherwise, and on
	// other systems, fasthttp serves everything. A path with a custom
	// handler (core.Health.Handle) goes to fasthttp, since a handler may
	// block; a metrics.Registry's gauge functions do run on the loop
	// during a scrape, and must be fast, as NewGaugeFunc asks.
	// By default false.
	EventLoop bool

	mu       sync.Mutex
	srv      *fasthttp.Server
	ln       net.Listener
	loop     *loop
	shutdown bool
}

// server returns the fasthttp.Server, made on first use.
func (s *Server) server() *fasthttp.Server {
	if s.srv != nil {
		return s.srv
	}
	log := s.Logger
	if log == nil {
		log = slog.Default()
	}
	s.srv = &fasthttp.Server{
		Handler: s.handler(),
		// No ReadTimeout, WriteTimeout or IdleTimeout: the connections'
		// deadlineConn enforces s.timeouts() without fasthttp's clock
		// reads and three deadlines per request (see timeouts), from the
		// first request the handler or refuse sees on them.
		ReadBufferSize:        or(s.MaxHeaderBytes, transport.DefaultMaxHeaderBytes),
		MaxRequestBodySize:    or(s.MaxRequestBodySize, transport.DefaultMaxRequestBodySize),
		ExpectHandler:         expect(or(s.MaxRequestBodySize, transport.DefaultMaxRequestBodySize)),
		NoDefaultServerHeader: true,
		NoDefaultContentType:  true,
		// NoDefaultDate stays false: HTTP wants a Date from a server with
		// a clock, and fasthttp renders it once a second, not per request.
		// Nothing reads ctx.Time(): no clock read per request for it.
		LazyRequestTime: true,
		CloseOnShutdown: true,
		ErrorHandler:    refuse,
		Logger:          errorLogger{log},
	}
	return s.srv
}

// timeouts returns the timeouts the connections' deadlineConn enforces.
func (s *Server) timeouts() timeouts {
	read := or(s.ReadTimeout, transport.DefaultReadTimeout)
	if h := or(s.ReadHeaderTimeout, transport.DefaultReadHeaderTimeout); h < read {
		read = h
	}
	return timeouts{
		read:  read,
		write: or(s.WriteTimeout, transport.DefaultWriteTimeout),
		idle:  or(s.IdleTimeout, transport.DefaultIdleTimeout),
	}
}

// Serve answers requests on ln until Shutdown; it returns nil then, and any
// other error as fasthttp reports it. ln is closed when Serve returns.
func (s *Server) Serve(ln net.Listener) error {
	if s.Health == nil {
		ln.Close()
		return errors.New("healthlite: fasthttp.Server: Health is nil")
	}
	log := s.Logger
	if log == nil {
		log = slog.Default()
	}
	var shared *transport.ConnCount
	if s.EventLoop && s.TLS == nil {
		shared = new(transport.ConnCount)
		s.mu.Lock() // Shutdown finds the loop, or the loop is not started
		var err error
		if !s.shutdown {
			s.loop, err = startLoop(s, ln, shared, log)
		}
		s.mu.Unlock()
		switch {
		case s.loop != nil:
			ln = s.loop.hand
		case err != nil && !errors.Is(err, errNoLoop):
			ln.Close()
			return err
		default: // fasthttp serves ln alone
			shared = nil
		}
	}
	// fasthttp stops serving at the first accept error that is not a
	// timeout (EMFILE included): the guard retries them itself.
	// Deadlines go on the guard's connections, under TLS and the h2c
	// split, so that every layer's deadlines are deferred alike.
	ln = &onceCloseListener{Listener: s.wrap(lazyDeadlines(transport.NewGuard(ln, transport.GuardConfig{MaxConns: s.MaxConns, Logger: log, Shared: shared}), s.timeouts()))}
	s.mu.Lock()
	if s.shutdown {
		s.mu.Unlock()
		ln.Close()
		return nil
	}
	s.ln = ln
	srv := s.server()
	s.mu.Unlock()
	err := srv.Serve(ln)
	ln.Close()
	return err
}

// Shutdown stops accepting connections, lets requests in flight finish and
// closes idle connections. It returns when they are done, or with ctx's
// error when ctx ends first.
func (s *Server) Shutdown(ctx context.Context) error {
	gerr := s.GRPC.Shutdown(ctx)
	s.mu.Lock()
	s.shutdown = true
	srv, ln, lp := s.srv, s.ln, s.loop
	s.mu.Unlock()
	var lerr error
	if lp != nil {
		lerr = lp.shutdown(ctx)
	}
	if srv == nil {
		return nil // a later Serve returns at once
	}
	err := srv.ShutdownWithContext(ctx)
	if err == nil {
		err = lerr
	}
	// Serve may not have handed ln to fasthttp yet; closing it makes
	// Serve return nil either way.
	ln.Close()
	if err != nil {
		return err
	}
	return gerr
}

// onceCloseListener lets Serve and Shutdown both close the listener.
type onceCloseListener struct {
	net.Listener
	once sync.Once
	err  error
}

func (l *onceCloseListener) Close() error {
	l.once.Do(func() { l.err = l.Listener.Close() })
	return l.err
}

// refuse answers a request fasthttp could not read: 413 for a body over
// the cap (fasthttp's default says 400), 431 for a header over the cap, 408
// for a timeout, 400 for anything else. fasthttp closes the connection.
func refuse(ctx *fasthttp.RequestCtx, err error) {
	if c := serverConn(ctx.Conn()); c != nil {
		c.serving()
	}
	var small *fasthttp.ErrSmallBuffer
	var netErr net.Error
	switch {
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		ctx.Error(transport.TooLargeText+"\n", fasthttp.StatusRequestEntityTooLarge)
	case errors.As(err, &small):
		ctx.Error("431 request header too large\n", fasthttp.StatusRequestHeaderFieldsTooLarge)
	case errors.As(err, &netErr) && netErr.Timeout():
		ctx.Error("408 request timeout\n", fasthttp.StatusRequestTimeout)
	default:
		ctx.Error("400 bad request\n", fasthttp.StatusBadRequest)
	}
}

// handler is the Server's: guard's, finding the connection's deadlineConn
// once for both the timeouts and where the client is.
func (s *Server) handler() fasthttp.RequestHandler {
	h, tok := s.Health, s.Token
	return func(ctx *fasthttp.RequestCtx) {
		var cl client
		if c := serverConn(ctx.Conn()); c != nil {
			c.serving()
			cl = c.client
		} else {
			cl = clientOfAddrs(ctx.LocalAddr(), ctx.RemoteAddr())
		}
		if !refused(ctx) {
			serve(h, tok, transport.Mount{}, ctx, cl)
		}
	}
}

// guard has the connection's timeouts enforced (see timeouts) and passes
// to next the requests refused lets through.
func guard(next fasthttp.RequestHandler) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		if c := serverConn(ctx.Conn()); c != nil {
			c.serving()
		}
		if !refused(ctx) {
			next(ctx)
		}
	}
}

// refused refuses, as net/http does, requests fasthttp reads but should
// not serve, and reports whether it did: a protocol other than HTTP/1.0 or
// HTTP/1.1 gets 505, a request target with a malformed %-escape 400, and
// a body of unknown length (chunked, or chunked and Content-Length at
// once: request smuggling; probes carry no body) 413. Each closes the
// connection.
func refused(ctx *fasthttp.RequestCtx) bool {
	h := &ctx.Request.Header
	switch proto := h.Protocol(); {
	case string(proto) != "HTTP/1.1" && string(proto) != "HTTP/1.0":
		ctx.Error("505 HTTP version not supported\n", fasthttp.StatusHTTPVersionNotSupported)
	case !validEscapes(h.RequestURI()):
		ctx.Error("400 bad request: malformed %-escape in the request target\n", fasthttp.StatusBadRequest)
	case h.ContentLength() == -1: // chunked
		ctx.Error(transport.TooLargeText+"\n", fasthttp.StatusRequestEntityTooLarge)
	default:
		return false
	}
	ctx.SetConnectionClose()
	return true
}

// expect answers a request that waits for 100 Continue before sending its
// body: 413 at once, without inviting the body, when the announced length
// is over max or unknown (as net/http does); fasthttp then closes the
// connection.
func expect(max int) func(ctx *fasthttp.RequestCtx) int {
	return func(ctx *fasthttp.RequestCtx) int {
		if n := ctx.Request.Header.ContentLength(); n > max || n == -1 {
			return fasthttp.StatusRequestEntityTooLarge
		}
		return fasthttp.StatusContinue
	}
}

// validEscapes reports whether every '%' in uri starts a %XX escape.
func validEscapes(uri []byte) bool {
	for {
		i := bytes.IndexByte(uri, '%')
		if i < 0 {
			return true
		}
		if i+2 >= len(uri) || !isHex(uri[i+1]) || !isHex(uri[i+2]) {
			return false
		}
		uri = uri[i+3:]
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// errorLogger passes fasthttp's messages to slog at ERROR.
type errorLogger struct{ log *slog.Logger }

func (l errorLogger) Printf(format string, args ...any) {
	l.log.Error("fasthttp: " + fmt.Sprintf(format, args...))
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
