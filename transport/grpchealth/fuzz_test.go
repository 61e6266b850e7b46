package grpchealth

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/healthwire"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// FuzzServeConn sends the preface, SETTINGS and then fuzzed bytes to a
// server connection: whatever they are, the connection must end (at the
// end of input at the latest) without a panic.
func FuzzServeConn(f *testing.F) {
	var seed bytes.Buffer
	fr := http2.NewFramer(&seed, nil)
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, kv := range [][2]string{{":method", "POST"}, {":scheme", "http"}, {":path", servicePrefix + "Check"}, {"content-type", "application/grpc"}} {
		enc.WriteField(hpack.HeaderField{Name: kv[0], Value: kv[1]})
	}
	fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block.Bytes(), EndHeaders: true})
	fr.WriteData(1, true, healthwire.AppendMessage(nil, AppendRequest(nil, "readyz")))
	f.Add(bytes.Clone(seed.Bytes()))
	fr.WriteRSTStream(1, http2.ErrCodeCancel)
	fr.WritePing(false, [8]byte{1})
	fr.WriteWindowUpdate(0, 1)
	f.Add(bytes.Clone(seed.Bytes()))
	f.Add([]byte{0, 0, 0, 9, 1, 0, 0, 0, 3}) // a CONTINUATION out of place
	h := core.New(core.Options{})
	srv := &Server{Health: h}
	f.Fuzz(func(t *testing.T, in []byte) {
		client, server := net.Pipe()
		done := make(chan struct{})
		go func() {
			srv.ServeConn(server)
			close(done)
		}()
		go io.Copy(io.Discard, client)
		client.SetDeadline(time.Now().Add(10 * time.Second))
		var out bytes.Buffer
		out.WriteString(ClientPreface)
		http2.NewFramer(&out, nil).WriteSettings()
		out.Write(in)
		client.Write(out.Bytes())
		client.Close()
		<-done
	})
}

// FuzzParseRequest: any bytes parse or fail, and a parsed service
// re-encodes to a message that parses to the same service.
func FuzzParseRequest(f *testing.F) {
	f.Add([]byte{0x0a, 3, 'a', 'b', 'c'})
	f.Add([]byte{0x53, 0x54})
	f.Add([]byte{0x0a, 0x80})
	f.Fuzz(func(t *testing.T, msg []byte) {
		svc, err := ParseRequest(msg)
		if err != nil {
			return
		}
		again, err := ParseRequest(AppendRequest(nil, string(svc)))
		if err != nil || !bytes.Equal(again, svc) {
			t.Fatalf("%q re-encoded parses to %q, %v", svc, again, err)
		}
	})
}
