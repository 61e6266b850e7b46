package grpchealth

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/healthwire"
	"github.com/healthlite/healthlite/transport/internal/h2test"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// fixture is a Health with a reporter per group, served by a Server on
// loopback.
type fixture struct {
	h     *core.Health
	srv   *Server
	addr  string
	db    *core.Reporter // ready
	cache *core.Reporter // live, non-failing at first
}

func newFixture(t *testing.T, srv *Server) *fixture {
	t.Helper()
	h := core.New(core.Options{})
	db, err := h.Reporter("db", core.GroupReady)
	if err != nil {
		t.Fatal(err)
	}
	cache, err := h.Reporter("cache", core.GroupLive)
	if err != nil {
		t.Fatal(err)
	}
	db.Set(core.StatusPass, "")
	cache.Set(core.StatusWarn, "slow")
	if err := h.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Stop)
	if srv == nil {
		srv = &Server{}
	}
	srv.Health = h
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	f := &fixture{h: h, srv: srv, addr: ln.Addr().String(), db: db, cache: cache}
	coretest.WaitFor(t, "the server running", func() bool { return h.Snapshot().Ready() })
	return f
}

// rawClient speaks HTTP/2 frame by frame, and files what comes back by
// stream.
type rawClient struct {
	*h2test.Conn
	t     *testing.T
	enc   *hpack.Encoder
	block bytes.Buffer
	res   map[uint32]*result
	pings int // PINGs from the server, acknowledged
}

func dialRaw(t *testing.T, addr string) *rawClient {
	t.Helper()
	return newRawClient(t, h2test.Dial(t, addr))
}

func newRawClient(t *testing.T, h2 *h2test.Conn) *rawClient {
	c := &rawClient{Conn: h2, t: t, res: map[uint32]*result{}}
	c.enc = hpack.NewEncoder(&c.block)
	return c
}

// encode returns the HPACK block of a gRPC request for path with extra
// fields (name, value pairs).
func (c *rawClient) encode(path string, extra ...string) []byte {
	c.block.Reset()
	for _, f := range h2test.RequestFields(path, extra...) {
		c.enc.WriteField(f)
	}
	return bytes.Clone(c.block.Bytes())
}

// call sends a unary request on stream id.
func (c *rawClient) call(id uint32, method, service string, extra ...string) {
	c.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: c.encode(servicePrefix+method, extra...), EndHeaders: true})
	c.Fr.WriteData(id, true, healthwire.AppendMessage(nil, AppendRequest(nil, service)))
	c.Flush()
}

// result is what came back on one stream.
type result struct {
	headers, trailers map[string]string
	msgs              [][]byte
	body              []byte
	rst               http2.ErrCode
	reset, ended      bool
}

// read reads frames until stream id ends (or is reset), answering SETTINGS
// and PINGs; a GOAWAY fails the test unless wantGoAway.
func (c *rawClient) read(id uint32) *result {
	c.t.Helper()
	r := c.stream(id)
	for !r.ended && !r.reset {
		f, err := c.Fr.ReadFrame()
		if err != nil {
			c.t.Fatalf("stream %d: %v", id, err)
		}
		c.take(f)
	}
	return r
}

// stream returns what came on stream id so far.
func (c *rawClient) stream(id uint32) *result {
	r := c.res[id]
	if r == nil {
		r = &result{}
		c.res[id] = r
	}
	return r
}

// take files frame f under its stream.
func (c *rawClient) take(f http2.Frame) {
	id := f.Header().StreamID
	r := c.stream(id)
	body := &r.body
	switch f := f.(type) {
	case *http2.SettingsFrame:
		if !f.IsAck() {
			c.Fr.WriteSettingsAck()
			c.Flush()
		}
	case *http2.PingFrame:
		if !f.IsAck() {
			c.pings++
			c.Fr.WritePing(true, f.Data)
			c.Flush()
		}
	case *http2.GoAwayFrame:
		c.t.Fatalf("GOAWAY %v %q", f.ErrCode, f.DebugData())
	case *http2.MetaHeadersFrame:
		m := map[string]string{}
		for _, hf := range f.Fields {
			m[hf.Name] = hf.Value
		}
		if r.headers == nil && m[":status"] != "" {
			r.headers = m
		} else {
			r.trailers = m
		}
		if _, ok := m["grpc-status"]; ok && r.trailers == nil {
			r.trailers = m // Trailers-Only
		}
		r.ended = f.StreamEnded()
	case *http2.DataFrame:
		*body = append(*body, f.Data()...)
		for len(*body) >= 5 {
			n := int((*body)[1])<<24 | int((*body)[2])<<16 | int((*body)[3])<<8 | int((*body)[4])
			if len(*body) < 5+n {
				break
			}
			r.msgs = append(r.msgs, bytes.Clone((*body)[5:5+n]))
			*body = (*body)[5+n:]
		}
		r.ended = f.StreamEnded()
	case *http2.RSTStreamFrame:
		r.reset, r.rst = true, f.ErrCode
	}
}

// status returns the one message of r as a status.
func (r *result) status(t *testing.T) Status {
	t.Helper()
	if r.trailers["grpc-status"] != "0" || len(r.msgs) != 1 {
		t.Fatalf("want one message and status 0, got %d messages, trailers %v", len(r.msgs), r.trailers)
	}
	st, err := ParseResponse(r.msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// hp is a whole HEADERS frame without END_STREAM.
func hp(id uint32, block []byte) http2.HeadersFrameParam {
	return http2.HeadersFrameParam{StreamID: id, BlockFragment: block, EndHeaders: true}
}
