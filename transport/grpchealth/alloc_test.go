//go:build !race

package grpchealth

import (
	"bytes"
	"io"
	"testing"

	"github.com/healthlite/healthlite/internal/healthwire"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// TestCheckAllocatesNothing measures a keep-alive Check over a real socket,
// client and server together: the client writes pre-encoded frames (its
// HPACK fields indexed, as every HTTP/2 client's are after the first
// request) and reads the answer into a buffer of its own.
func TestCheckAllocatesNothing(t *testing.T) {
	t.Run("indexed", func(t *testing.T) { testCheckAllocs(t, false) })
	// nghttp2's clients (h2load, Envoy, curl) send :path as a literal that
	// is never added to the table, on every request.
	t.Run("literal path", func(t *testing.T) { testCheckAllocs(t, true) })
}

func testCheckAllocs(t *testing.T, literalPath bool) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	c.call(1, "Check", "readyz")
	c.read(1)
	block := c.encode(servicePrefix + "Check") // every field indexed now
	if literalPath {
		c.block.Reset()
		for _, f := range []hpack.HeaderField{{Name: ":method", Value: "POST"}, {Name: ":scheme", Value: "http"},
			{Name: ":path", Value: servicePrefix + "Check", Sensitive: true}, {Name: ":authority", Value: "localhost"},
			{Name: "content-type", Value: "application/grpc"}, {Name: "te", Value: "trailers"}} {
			c.enc.WriteField(f) // Sensitive: a literal never added to the table
		}
		block = bytes.Clone(c.block.Bytes())
	}
	msg := healthwire.AppendMessage(nil, AppendRequest(nil, "readyz"))
	var req []byte
	id := uint32(3)
	frames := func() []byte {
		req = appendFrame(req[:0], http2.FrameHeaders, http2.FlagHeadersEndHeaders, id, block)
		req = appendFrame(req, http2.FrameData, http2.FlagDataEndStream, id, msg)
		return req
	}
	resp := make([]byte, len(rendered().answerServing.bytes))
	// Let the connection window run down and come back by WINDOW_UPDATEs
	// from the client, as in real traffic.
	var wu []byte
	var sent int
	round := func() {
		if _, err := c.NC.Write(frames()); err != nil {
			t.Fatal(err)
		}
		id += 2
		if _, err := io.ReadFull(c.NC, resp); err != nil {
			t.Fatal(err)
		}
		if resp[3] != byte(http2.FrameHeaders) || resp[len(resp)-len(rendered().blockOK)-9+3] != byte(http2.FrameHeaders) {
			t.Fatalf("unexpected answer % x", resp)
		}
		if sent += len(rendered().msgServing); sent > 30000 {
			wu = append(wu[:0], 0, 0, 4, byte(http2.FrameWindowUpdate), 0, 0, 0, 0, 0)
			wu = append(wu, byte(sent>>24), byte(sent>>16), byte(sent>>8), byte(sent))
			c.NC.Write(wu)
			sent = 0
		}
	}
	// The reader of the test client consumed the SETTINGS frames; nothing
	// else is pending on the connection.
	for i := 0; i < 100; i++ {
		round()
	}
	if a := testing.AllocsPerRun(2000, round); a != 0 {
		t.Errorf("%v allocations per Check; want 0", a)
	}
}
