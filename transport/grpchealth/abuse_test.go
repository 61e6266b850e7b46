package grpchealth

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/healthwire"
	"github.com/healthlite/healthlite/transport/internal/h2test"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// expectGoAway sends frames (written by send, in the background so that a
// server that stops reading cannot block the test; send ignores write
// errors, as the server hangs up) and wants the connection to end with
// GOAWAY code.
func expectGoAway(t *testing.T, c *rawClient, code http2.ErrCode, send func()) {
	t.Helper()
	go send()
	got, ok := c.GoAway()
	if !ok || got != code {
		t.Fatalf("GOAWAY %v (%v); want %v", got, ok, code)
	}
}

func TestPingFlood(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	w := c.Fr
	expectGoAway(t, c, http2.ErrCodeEnhanceYourCalm, func() {
		for i := 0; i < 5000; i++ {
			w.WritePing(false, [8]byte{byte(i)})
		}
		c.W.Flush()
	})
}

func TestSettingsFlood(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	expectGoAway(t, c, http2.ErrCodeEnhanceYourCalm, func() {
		for i := 0; i < 5000; i++ {
			c.Fr.WriteSettings(http2.Setting{ID: http2.SettingInitialWindowSize, Val: uint32(i)})
		}
		c.W.Flush()
	})
}

func TestRapidReset(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	expectGoAway(t, c, http2.ErrCodeEnhanceYourCalm, func() {
		for i := uint32(0); i < 5000; i++ {
			id := 1 + 2*i
			c.Fr.WriteHeaders(hp(id, c.encode(servicePrefix+"Check")))
			c.Fr.WriteRSTStream(id, http2.ErrCodeCancel)
		}
		c.W.Flush()
	})
}

func TestContinuationFlood(t *testing.T) {
	f := newFixture(t, nil)
	t.Run("empty", func(t *testing.T) {
		c := dialRaw(t, f.addr)
		expectGoAway(t, c, http2.ErrCodeEnhanceYourCalm, func() {
			c.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.encode(servicePrefix + "Check")})
			for i := 0; i < 5000; i++ {
				c.Fr.WriteContinuation(1, false, nil)
			}
			c.W.Flush()
		})
	})
	t.Run("bytes", func(t *testing.T) {
		c := dialRaw(t, f.addr)
		var field bytes.Buffer
		enc := hpack.NewEncoder(&field)
		enc.SetMaxDynamicTableSizeLimit(0)
		enc.WriteField(hpack.HeaderField{Name: "x-junk", Value: strings.Repeat("a", 8000)})
		one := field.Bytes()[1:] // past the table size update
		expectGoAway(t, c, http2.ErrCodeEnhanceYourCalm, func() {
			c.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.encode(servicePrefix + "Check")})
			for i := 0; i < 1000; i++ { // 8 MB if nothing stopped it
				c.Fr.WriteContinuation(1, false, one)
			}
			c.W.Flush()
		})
	})
}

func TestHPACKBomb(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	// One 4 KB entry in the server's dynamic table, then a block that
	// names it 20,000 times: 80 MB decoded from 20 KB.
	c.Fr.WriteHeaders(hp(1, c.encode(servicePrefix+"Check", "x-bomb", strings.Repeat("b", 4000))))
	c.Fr.WriteData(1, true, healthwire.AppendMessage(nil, nil))
	c.Flush()
	if r := c.read(1); r.headers[":status"] != "200" {
		t.Fatalf("with the entry: %v", r.headers)
	}
	var bomb []byte
	for i := 0; i < 20000; i++ {
		bomb = append(bomb, 0x80|62) // the newest dynamic entry: x-bomb
	}
	c.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 3, BlockFragment: bomb[:maxFrameSize]})
	c.Fr.WriteContinuation(3, true, bomb[maxFrameSize:])
	c.Fr.WriteData(3, true, healthwire.AppendMessage(nil, nil))
	c.Flush()
	r := c.read(3)
	if r.headers[":status"] != "431" || r.trailers["grpc-status"] != "8" {
		t.Fatalf("bomb: %v %v", r.headers, r.trailers)
	}
	c.call(5, "Check", "")
	if st := c.read(5).status(t); st != StatusServing {
		t.Errorf("after the bomb: %v", st)
	}
}

func TestStreamLimit(t *testing.T) {
	f := newFixture(t, &Server{MaxConcurrentStreams: 3})
	c := dialRaw(t, f.addr)
	block := c.encode(servicePrefix + "Check")
	for id := uint32(1); id <= 7; id += 2 {
		c.Fr.WriteHeaders(hp(id, block))
	}
	c.Flush()
	if r := c.read(7); !r.reset || r.rst != http2.ErrCodeRefusedStream {
		t.Fatalf("fourth stream: %+v", r)
	}
	c.Fr.WriteData(1, true, healthwire.AppendMessage(nil, nil))
	c.Flush()
	if st := c.read(1).status(t); st != StatusServing {
		t.Errorf("first stream: %v", st)
	}
}

func TestZeroWindowCheck(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	c.Fr.WriteSettings(http2.Setting{ID: http2.SettingInitialWindowSize, Val: 0})
	c.call(1, "Check", "")
	// The headers come; the message waits for the window.
	for c.stream(1).headers == nil {
		fr, err := c.Fr.ReadFrame()
		if err != nil {
			t.Fatal(err)
		}
		c.take(fr)
	}
	if len(c.stream(1).msgs) != 0 || c.stream(1).ended {
		t.Fatal("message sent without window")
	}
	c.Fr.WriteWindowUpdate(1, 3) // not enough for 7 bytes: split
	c.Fr.WriteWindowUpdate(1, 100)
	c.Flush()
	if st := c.read(1).status(t); st != StatusServing {
		t.Errorf("%v", st)
	}
}

func TestProtocolErrors(t *testing.T) {
	f := newFixture(t, nil)
	for _, tc := range []struct {
		name string
		code http2.ErrCode
		send func(c *rawClient)
	}{
		{"frame too large", http2.ErrCodeFrameSize, func(c *rawClient) {
			c.Fr.WriteData(1, false, make([]byte, maxFrameSize+1))
		}},
		{"DATA on idle stream", http2.ErrCodeProtocol, func(c *rawClient) { c.Fr.WriteData(9, true, []byte{0}) }},
		{"even stream", http2.ErrCodeProtocol, func(c *rawClient) {
			c.Fr.WriteHeaders(hp(2, c.encode(servicePrefix+"Check")))
		}},
		{"HPACK garbage", http2.ErrCodeCompression, func(c *rawClient) {
			c.Fr.WriteHeaders(hp(1, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}))
		}},
		{"window overflow", http2.ErrCodeFlowControl, func(c *rawClient) {
			c.Fr.WriteWindowUpdate(0, 1<<31-1)
		}},
		{"PUSH_PROMISE", http2.ErrCodeProtocol, func(c *rawClient) {
			c.Fr.WritePushPromise(http2.PushPromiseParam{StreamID: 1, PromiseID: 2, EndHeaders: true})
		}},
		{"interleaved CONTINUATION", http2.ErrCodeProtocol, func(c *rawClient) {
			c.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: c.encode(servicePrefix + "Check")})
			c.Fr.WritePing(false, [8]byte{})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dialRaw(t, f.addr)
			expectGoAway(t, c, tc.code, func() { tc.send(c); c.W.Flush() })
		})
	}
	t.Run("first frame not SETTINGS", func(t *testing.T) {
		c := h2test.DialSilent(t, f.addr)
		c.W.WriteString(ClientPreface)
		c.Fr.WritePing(false, [8]byte{})
		c.Flush()
		code, ok := c.GoAway()
		if !ok {
			t.Fatal("no GOAWAY")
		}
		if code != http2.ErrCodeProtocol {
			t.Errorf("GOAWAY %v", code)
		}
	})
	t.Run("bad preface", func(t *testing.T) {
		c := h2test.DialSilent(t, f.addr)
		c.NC.Write([]byte("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n"))
		if n, err := io.Copy(io.Discard, c.NC); err != nil || n != 0 {
			t.Errorf("%d bytes, %v; want the connection closed silently", n, err)
		}
	})
}

func TestIdleTimeout(t *testing.T) {
	f := newFixture(t, &Server{IdleTimeout: 100 * time.Millisecond})
	c := dialRaw(t, f.addr)
	c.call(1, "Check", "")
	c.read(1)
	// Nothing more is sent: the server says goodbye politely.
	if code, ok := c.GoAway(); !ok || code != http2.ErrCodeNo {
		t.Errorf("GOAWAY %v %v; want NO_ERROR", code, ok)
	}
}
