package grpchealth

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/healthlite/healthlite/internal/healthwire"
	"golang.org/x/net/http2"
)

// ClientPreface is the 24 bytes an HTTP/2 client with prior knowledge
// sends first.
const ClientPreface = healthwire.ClientPreface

// The protocol's fixed sizes.
const (
	maxFrameSize     = 16 << 10 // SETTINGS_MAX_FRAME_SIZE we accept (the default)
	initialWindow    = 65535    // flow-control windows at the start
	maxWindow        = 1<<31 - 1
	maxBody          = 4 << 10 // a request message, with its 5-byte prefix
	controlBurst     = 1000    // control frames a connection may send at once…
	controlPerSecond = 100     // …and per second after that
)

// connError ends a connection with GOAWAY carrying code.
type connError struct {
	code http2.ErrCode
	msg  string
}

func (e *connError) Error() string { return "http2: " + e.code.String() + ": " + e.msg }

// errClosed ends a connection cleanly (the client sent GOAWAY, or the
// server is shutting down and nothing is left in flight).
var errClosed = errors.New("connection done")

// conn is one HTTP/2 connection. One goroutine reads frames and answers
// them; a second one, started with the first Watch stream, writes Watch
// updates and pings. wmu guards the writer and all stream state.
type conn struct {
	srv   *Server
	nc    net.Conn
	br    *bufio.Reader
	fr    *http2.Framer
	dec   *headerDecoder
	buf   []byte // frame payloads
	block []byte // a header block split over frames, until its end

	maxStreams, maxHeader, maxWatches int
	idle, watchIdle, writeTimeout     time.Duration

	// The header block being read; reader goroutine only.
	hdr          reqHeader
	blockStream  uint32
	blockEnd     bool // the HEADERS frame carried END_STREAM
	blockBytes   int
	maxStream    uint32
	tokens       float64
	tokensAt     time.Time
	recvWindow   int64
	recvConsumed int64

	goingAway atomic.Bool
	watching  atomic.Int32 // open Watch streams, for wakeWatches
	wake      chan struct{}
	done      chan struct{}
	closeOnce sync.Once

	wmu          sync.Mutex
	bw           *bufio.Writer
	streams      map[uint32]*stream
	free         []*stream
	sendWindow   int64
	peerWindow   int64 // SETTINGS_INITIAL_WINDOW_SIZE of the client
	peerMaxFrame int
	watchLoop    bool
	werr         error
}

func newConn(s *Server, nc net.Conn) *conn {
	c := &conn{
		srv:          s,
		nc:           nc,
		br:           bufio.NewReaderSize(nc, 4<<10),
		bw:           bufio.NewWriterSize(nc, 4<<10),
		maxStreams:   or(s.MaxConcurrentStreams, DefaultMaxConcurrentStreams),
		maxHeader:    or(s.MaxHeaderListSize, DefaultMaxHeaderListSize),
		maxWatches:   or(s.MaxWatchesPerConn, DefaultMaxWatchesPerConn),
		idle:         or(s.IdleTimeout, DefaultIdleTimeout),
		watchIdle:    or(s.WatchIdleTimeout, DefaultWatchIdleTimeout),
		writeTimeout: or(s.WriteTimeout, DefaultWriteTimeout),
		tokens:       controlBurst,
		tokensAt:     time.Now(),
		recvWindow:   initialWindow,
		wake:         make(chan struct{}, 1),
		done:         make(chan struct{}),
		streams:      map[uint32]*stream{},
		sendWindow:   initialWindow,
		peerWindow:   initialWindow,
		peerMaxFrame: maxFrameSize,
	}
	c.fr = http2.NewFramer(c.bw, c.br)
	c.fr.SetMaxReadFrameSize(maxFrameSize)
	c.dec = newHeaderDecoder(c.maxHeader, c.onField)
	return c
}

// serve runs the connection until it ends, then closes it.
func (c *conn) serve() {
	defer c.close()
	err := c.handshake()
	for err == nil {
		if c.br.Buffered() == 0 {
			c.wmu.Lock()
			err = c.flush()
			c.wmu.Unlock()
			if err != nil {
				break
			}
			c.setReadDeadline()
		}
		var fh http2.FrameHeader
		fh, err = c.fr.ReadFrameHeader()
		if err != nil {
			break
		}
		err = c.frame(fh)
		if err == nil && c.goingAway.Load() && c.openStreams() == 0 {
			err = c.lingerClose()
		}
	}
	var ce *connError
	var h2 http2.ConnectionError
	var ne net.Error
	switch {
	case errors.As(err, &ce):
	case errors.As(err, &ne) && ne.Timeout() && !c.goingAway.Load():
		ce = &connError{code: http2.ErrCodeNo, msg: "idle timeout"} // the client may reconnect at once
	case errors.As(err, &h2):
		ce = &connError{code: http2.ErrCode(h2), msg: "malformed frame"}
	case errors.Is(err, http2.ErrFrameTooLarge):
		ce = &connError{code: http2.ErrCodeFrameSize, msg: "frame larger than SETTINGS_MAX_FRAME_SIZE"}
	}
	if ce != nil {
		c.wmu.Lock()
		c.fr.WriteGoAway(c.maxStream, ce.code, []byte(ce.msg))
		c.flush()
		c.wmu.Unlock()
	}
}

// handshake reads the client preface and sends the server's SETTINGS.
func (c *conn) handshake() error {
	c.nc.SetDeadline(time.Now().Add(or(c.srv.HandshakeTimeout, DefaultHandshakeTimeout)))
	var p [len(ClientPreface)]byte
	if _, err := io.ReadFull(c.br, p[:]); err != nil {
		return err
	}
	if string(p[:]) != ClientPreface {
		return errClosed
	}
	c.wmu.Lock()
	c.fr.WriteSettings(
		http2.Setting{ID: http2.SettingMaxConcurrentStreams, Val: uint32(c.maxStreams)},
		http2.Setting{ID: http2.SettingMaxHeaderListSize, Val: uint32(c.maxHeader)},
	)
	err := c.flush()
	c.wmu.Unlock()
	if err != nil {
		return err
	}
	fh, err := c.fr.ReadFrameHeader()
	if err != nil {
		return err
	}
	if fh.Type != http2.FrameSettings || fh.Flags.Has(http2.FlagSettingsAck) {
		return &connError{http2.ErrCodeProtocol, "the client preface must end with SETTINGS"}
	}
	return c.frame(fh)
}

// setReadDeadline bounds the wait for the next frame: the idle timeout,
// the Watch one while Watch streams are open, nothing new while going away.
func (c *conn) setReadDeadline() {
	if c.goingAway.Load() {
		return
	}
	d := c.idle
	if c.watching.Load() > 0 {
		d = c.watchIdle
	}
	c.nc.SetReadDeadline(time.Now().Add(d))
}

// flush writes what is buffered under the write timeout. wmu is held.
func (c *conn) flush() error {
	if c.werr != nil {
		return c.werr
	}
	if c.bw.Buffered() == 0 {
		return nil
	}
	c.nc.SetWriteDeadline(time.Now().Add(c.writeTimeout))
	c.werr = c.bw.Flush()
	return c.werr
}

// spend charges one control frame (SETTINGS, PING, RST_STREAM, an empty
// DATA or CONTINUATION, an unknown frame) to the connection's budget: a
// burst of controlBurst, refilled at controlPerSecond. An exhausted budget
// is a flood (rapid reset, CVE-2023-44487, and its kin) and ends the
// connection with ENHANCE_YOUR_CALM.
func (c *conn) spend() error {
	now := time.Now()
	c.tokens += now.Sub(c.tokensAt).Seconds() * controlPerSecond
	if c.tokens > controlBurst {
		c.tokens = controlBurst
	}
	c.tokensAt = now
	c.tokens--
	if c.tokens < 0 {
		return &connError{http2.ErrCodeEnhanceYourCalm, "too many control frames"}
	}
	return nil
}

// refund gives back a token for a request answered: busy clients are not
// floods.
func (c *conn) refund() {
	if c.tokens < controlBurst {
		c.tokens++
	}
}

// openStreams returns the number of open streams.
func (c *conn) openStreams() int {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return len(c.streams)
}

// goAway starts a graceful close for Shutdown: Watch streams end with
// UNAVAILABLE, GOAWAY names the last stream that will be answered, and the
// connection closes once those are done.
func (c *conn) goAway() {
	if c.goingAway.Swap(true) {
		return
	}
	c.wmu.Lock()
	for _, st := range c.streams {
		if st.method == mWatch {
			c.writeBlock(st.id, http2.FlagHeadersEndStream, rendered().trailerClosing)
			c.closeStream(st)
		}
	}
	c.fr.WriteGoAway(c.maxStreamSeen(), http2.ErrCodeNo, nil)
	c.flush()
	open := len(c.streams)
	c.wmu.Unlock()
	// Wake the reader so that it notices, and give the client a moment to
	// read the GOAWAY before the socket closes.
	if open == 0 {
		c.nc.SetReadDeadline(time.Now().Add(time.Second))
	}
}

// maxStreamSeen is the highest stream id the reader has seen; used from
// other goroutines, so read under wmu (the reader updates it under wmu).
func (c *conn) maxStreamSeen() uint32 { return c.maxStream }

// lingerClose reads and drops what the client still sends, for a second at
// most, so that it reads GOAWAY before the socket closes.
func (c *conn) lingerClose() error {
	c.nc.SetReadDeadline(time.Now().Add(time.Second))
	io.Copy(io.Discard, c.br)
	return errClosed
}

// close ends the connection and releases its Watch streams.
func (c *conn) close() {
	c.closeOnce.Do(func() {
		c.wmu.Lock()
		for _, st := range c.streams {
			c.closeStream(st)
		}
		c.werr = errClosed
		c.wmu.Unlock()
		close(c.done)
		c.nc.Close()
	})
}

// isGRPC reports whether a content-type is gRPC's.
func isGRPC(ct string) bool {
	const base = "application/grpc"
	if len(ct) < len(base) || !strings.EqualFold(ct[:len(base)], base) {
		return false
	}
	return len(ct) == len(base) || ct[len(base)] == '+' || ct[len(base)] == ';'
}
