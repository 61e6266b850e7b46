package transporttest

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

func settingsFlood(h2 *h2Conn) {
	for i := 0; i < 5000; i++ {
		h2.fr.WriteSettings(http2.Setting{ID: http2.SettingInitialWindowSize, Val: uint32(i)})
	}
}

// testHPACKBomb puts one 4 KB entry in the server's dynamic table, then
// sends a block naming it 20,000 times (80 MB decoded from 20 KB): the
// stream gets 431 and RESOURCE_EXHAUSTED, and the connection answers the
// next Check.
func testHPACKBomb(t *testing.T, addr string) {
	h2 := dialH2(t, addr)
	var b bytes.Buffer
	enc := hpack.NewEncoder(&b)
	for _, f := range [][2]string{{":method", "POST"}, {":scheme", "http"}, {":path", "/grpc.health.v1.Health/Check"},
		{":authority", "localhost"}, {"content-type", "application/grpc"}, {"x-bomb", strings.Repeat("b", 4000)}} {
		enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	empty := []byte{0, 0, 0, 0, 0}
	h2.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: b.Bytes(), EndHeaders: true})
	h2.fr.WriteData(1, true, empty)
	h2.w.Flush()
	if got := h2.answer(t, 1); got[":status"] != "200" || got["grpc-status"] != "0" {
		t.Fatalf("with the entry: %v", got)
	}
	bomb := bytes.Repeat([]byte{0x80 | 62}, 20000) // the newest dynamic entry: x-bomb
	h2.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 3, BlockFragment: bomb[:16<<10]})
	h2.fr.WriteContinuation(3, true, bomb[16<<10:])
	h2.fr.WriteData(3, true, empty)
	h2.w.Flush()
	if got := h2.answer(t, 3); got[":status"] != "431" || got["grpc-status"] != "8" {
		t.Fatalf("bomb: %v", got)
	}
	b.Reset()
	for _, f := range [][2]string{{":method", "POST"}, {":scheme", "http"}, {":path", "/grpc.health.v1.Health/Check"},
		{":authority", "localhost"}, {"content-type", "application/grpc"}} {
		enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	h2.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 5, BlockFragment: b.Bytes(), EndHeaders: true})
	h2.fr.WriteData(5, true, empty)
	h2.w.Flush()
	if got := h2.answer(t, 5); got["grpc-status"] != "0" {
		t.Errorf("Check after the bomb: %v", got)
	}
}

// answer reads frames until stream id ends and returns its header and
// trailer fields together.
func (c *h2Conn) answer(t *testing.T, id uint32) map[string]string {
	t.Helper()
	fields := map[string]string{}
	for {
		f, err := c.fr.ReadFrame()
		if err != nil {
			t.Fatalf("stream %d: %v", id, err)
		}
		if f.Header().StreamID != id {
			continue
		}
		switch f := f.(type) {
		case *http2.MetaHeadersFrame:
			for _, hf := range f.Fields {
				fields[hf.Name] = hf.Value
			}
		case *http2.RSTStreamFrame:
			t.Fatalf("stream %d reset: %v", id, f.ErrCode)
		}
		if f.Header().Flags.Has(http2.FlagHeadersEndStream) {
			return fields
		}
	}
}
