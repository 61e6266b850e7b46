package transporttest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/transport/internal/h2test"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

func settingsFlood(h2 *h2test.Conn) {
	for i := 0; i < 5000; i++ {
		h2.Fr.WriteSettings(http2.Setting{ID: http2.SettingInitialWindowSize, Val: uint32(i)})
	}
}

// testHPACKBomb puts one 4 KB entry in the server's dynamic table, then
// sends a block naming it 20,000 times (80 MB decoded from 20 KB): the
// stream gets 431 and RESOURCE_EXHAUSTED, and the connection answers the
// next Check.
func testHPACKBomb(t *testing.T, addr string) {
	h2 := h2test.Dial(t, addr)
	var b bytes.Buffer
	enc := hpack.NewEncoder(&b)
	check := "/grpc.health.v1.Health/Check"
	for _, f := range h2test.RequestFields(check, "x-bomb", strings.Repeat("b", 4000)) {
		enc.WriteField(f)
	}
	empty := []byte{0, 0, 0, 0, 0}
	h2.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: b.Bytes(), EndHeaders: true})
	h2.Fr.WriteData(1, true, empty)
	h2.Flush()
	if got := streamFields(t, h2, 1); got[":status"] != "200" || got["grpc-status"] != "0" {
		t.Fatalf("with the entry: %v", got)
	}
	bomb := bytes.Repeat([]byte{0x80 | 62}, 20000) // the newest dynamic entry: x-bomb
	h2.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 3, BlockFragment: bomb[:16<<10]})
	h2.Fr.WriteContinuation(3, true, bomb[16<<10:])
	h2.Fr.WriteData(3, true, empty)
	h2.Flush()
	if got := streamFields(t, h2, 3); got[":status"] != "431" || got["grpc-status"] != "8" {
		t.Fatalf("bomb: %v", got)
	}
	b.Reset()
	for _, f := range h2test.RequestFields(check) {
		enc.WriteField(f)
	}
	h2.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 5, BlockFragment: b.Bytes(), EndHeaders: true})
	h2.Fr.WriteData(5, true, empty)
	h2.Flush()
	if got := streamFields(t, h2, 5); got["grpc-status"] != "0" {
		t.Errorf("Check after the bomb: %v", got)
	}
}

// streamFields reads frames until stream id ends and returns its header and
// trailer fields together.
func streamFields(t *testing.T, c *h2test.Conn, id uint32) map[string]string {
	t.Helper()
	fields := map[string]string{}
	for {
		f, err := c.Fr.ReadFrame()
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
