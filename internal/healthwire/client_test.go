package healthwire

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// peer is one scripted server connection: it reads the client's request,
// then runs script, which writes frames.
type peer struct {
	c       net.Conn
	fr      *http2.Framer
	w       *bufio.Writer
	enc     *hpack.Encoder
	buf     bytes.Buffer
	request map[string]string // the client's request headers
	body    []byte            // the client's DATA
	acks    chan http2.Frame  // what the client sent after its request
}

// block HPACK-encodes name/value pairs with the dynamic table on, as
// grpc-go's server does.
func (p *peer) block(kv ...string) []byte {
	p.buf.Reset()
	for i := 0; i+1 < len(kv); i += 2 {
		p.enc.WriteField(hpack.HeaderField{Name: kv[i], Value: kv[i+1]})
	}
	return bytes.Clone(p.buf.Bytes())
}

// flush sends what the script wrote.
func (p *peer) flush() { p.w.Flush() }

// serve starts a loopback server running script on its one connection
// and returns its address and the peer once the request was read.
func serve(t *testing.T, script func(p *peer)) (string, chan *peer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan *peer, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		pre := make([]byte, len(ClientPreface))
		if _, err := io.ReadFull(c, pre); err != nil || string(pre) != ClientPreface {
			return
		}
		p := &peer{c: c, w: bufio.NewWriter(c), request: map[string]string{}, acks: make(chan http2.Frame, 8)}
		p.fr = http2.NewFramer(p.w, c)
		p.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
		p.enc = hpack.NewEncoder(&p.buf)
		for done := false; !done; {
			f, err := p.fr.ReadFrame()
			if err != nil {
				return
			}
			switch f := f.(type) {
			case *http2.MetaHeadersFrame:
				for _, hf := range f.Fields {
					p.request[hf.Name] = hf.Value
				}
			case *http2.DataFrame:
				p.body = append(p.body, f.Data()...)
				done = f.StreamEnded()
			}
		}
		got <- p
		script(p)
		p.flush()
		// Collect what the client answers (SETTINGS and PING ACKs) until it closes.
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			f, err := p.fr.ReadFrame()
			if err != nil {
				close(p.acks)
				return
			}
			select {
			case p.acks <- f:
			default:
			}
		}
	}()
	return ln.Addr().String(), got
}

// okAnswer writes a SERVING answer, headers, message and trailers.
func okAnswer(p *peer) {
	p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: p.block(":status", "200", "content-type", "application/grpc"), EndHeaders: true})
	p.fr.WriteData(1, false, AppendMessage(nil, AppendResponse(nil, StatusServing)))
	p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: p.block("grpc-status", "0"), EndHeaders: true, EndStream: true})
}

func check(t *testing.T, addr, service string) (Status, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return Check(ctx, addr, service)
}

func TestCheckSendsTheRequest(t *testing.T) {
	addr, got := serve(t, okAnswer)
	st, err := check(t, addr, "readiness")
	if err != nil || st != StatusServing {
		t.Fatalf("Check = %v, %v", st, err)
	}
	p := <-got
	for k, v := range map[string]string{":method": "POST", ":scheme": "http", ":path": CheckPath, ":authority": addr,
		"content-type": "application/grpc", "te": "trailers"} {
		if p.request[k] != v {
			t.Errorf("request header %s = %q, want %q", k, p.request[k], v)
		}
	}
	if d, err := time.ParseDuration(strings.NewReplacer("m", "ms", "u", "us", "S", "s").Replace(p.request["grpc-timeout"])); err != nil || d <= 9*time.Second || d > 10*time.Second {
		t.Errorf("grpc-timeout %q", p.request["grpc-timeout"])
	}
	if want := AppendMessage(nil, AppendRequest(nil, "readiness")); !bytes.Equal(p.body, want) {
		t.Errorf("body % x, want % x", p.body, want)
	}
}

// The client takes what real servers send: SETTINGS and PING to answer,
// padding, PRIORITY, header blocks split over CONTINUATION frames, the
// dynamic table carried from one block to the next, frames of other
// streams and unknown types.
func TestCheckReadsEveryFrameShape(t *testing.T) {
	addr, got := serve(t, func(p *peer) {
		p.fr.WriteSettings(http2.Setting{ID: http2.SettingMaxConcurrentStreams, Val: 100})
		p.fr.WritePing(false, [8]byte{1, 2, 3, 4, 5, 6, 7, 8})
		p.fr.WriteWindowUpdate(0, 1000)
		p.fr.WriteRawFrame(0xbb, 0, 0, []byte("unknown frame type"))
		block := p.block(":status", "200", "content-type", "application/grpc", "x-long", strings.Repeat("v", 300))
		p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block[:10], Priority: http2.PriorityParam{Weight: 7}, PadLength: 3})
		p.fr.WriteContinuation(1, false, block[10:20])
		p.fr.WriteContinuation(1, true, block[20:])
		p.fr.WriteData(3, false, []byte("another stream"))
		p.fr.WriteDataPadded(1, false, AppendMessage(nil, AppendResponse(nil, StatusNotServing)), []byte{0, 0, 0, 0})
		trailers := p.block("content-type", "application/grpc", "grpc-status", "0") // content-type indexed from the table now
		p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: trailers[:1], EndStream: true})
		p.fr.WriteContinuation(1, true, trailers[1:])
	})
	st, err := check(t, addr, "")
	if err != nil || st != StatusNotServing {
		t.Fatalf("Check = %v, %v", st, err)
	}
	p := <-got
	var settingsAck, pingAck bool
	for f := range p.acks {
		switch f := f.(type) {
		case *http2.SettingsFrame:
			settingsAck = settingsAck || f.IsAck()
		case *http2.PingFrame:
			pingAck = pingAck || f.IsAck() && f.Data == [8]byte{1, 2, 3, 4, 5, 6, 7, 8}
		}
	}
	if !settingsAck || !pingAck {
		t.Errorf("SETTINGS acknowledged %v, PING answered %v", settingsAck, pingAck)
	}
}

func TestCheckErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		script func(p *peer)
		want   string
	}{
		{"trailers-only status", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, EndHeaders: true, EndStream: true,
				BlockFragment: p.block(":status", "200", "grpc-status", "5", "grpc-message", "unknown%20service")})
		}, "rpc error: code = NotFound desc = unknown service"},
		{"unknown code", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, EndHeaders: true, EndStream: true, BlockFragment: p.block(":status", "200", "grpc-status", "99")})
		}, "rpc error: code = Code(99) desc = "},
		{"HTTP error", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, EndHeaders: true, EndStream: true, BlockFragment: p.block(":status", "415")})
		}, "grpc: HTTP status 415 without grpc-status"},
		{"no grpc-status", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, EndHeaders: true, EndStream: true, BlockFragment: p.block(":status", "200")})
		}, "grpc: response without grpc-status"},
		{"malformed grpc-status", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, EndHeaders: true, EndStream: true, BlockFragment: p.block(":status", "200", "grpc-status", "x")})
		}, `grpc: malformed grpc-status "x"`},
		{"no message", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, EndHeaders: true, EndStream: true, BlockFragment: p.block(":status", "200", "grpc-status", "0")})
		}, "grpc: malformed response message"},
		{"reset", func(p *peer) { p.fr.WriteRSTStream(1, http2.ErrCodeRefusedStream) }, "grpc: stream reset by the server: REFUSED_STREAM"},
		{"reset, unknown code", func(p *peer) { p.fr.WriteRSTStream(1, 0x77) }, "grpc: stream reset by the server: unknown error code 0x77"},
		{"GOAWAY", func(p *peer) { p.fr.WriteGoAway(0, http2.ErrCodeEnhanceYourCalm, nil) }, "grpc: server sent GOAWAY: ENHANCE_YOUR_CALM"},
		{"closed early", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: p.block(":status", "200"), EndHeaders: true})
			p.flush()
			p.c.Close()
		}, "grpc: connection closed before the response ended"},
		{"frame too large", func(p *peer) { p.fr.WriteRawFrame(0xbb, 0, 0, make([]byte, maxFrameSize+1)) }, "larger than SETTINGS_MAX_FRAME_SIZE"},
		{"interrupted header block", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: p.block(":status", "200")})
			p.fr.WritePing(false, [8]byte{})
		}, "grpc: a header block was interrupted by another frame"},
		{"CONTINUATION alone", func(p *peer) { p.fr.WriteContinuation(1, true, []byte{0x88}) }, "grpc: CONTINUATION without HEADERS"},
		{"bad padding", func(p *peer) { p.fr.WriteRawFrame(http2.FrameData, 0x8, 1, []byte{9, 0}) }, "grpc: malformed HTTP/2 frame"},
		{"bad SETTINGS", func(p *peer) { p.fr.WriteRawFrame(http2.FrameSettings, 0, 0, []byte{1, 2, 3}) }, "grpc: malformed HTTP/2 frame"},
		{"bad HPACK", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: []byte{0xff, 0xff, 0xff, 0xff}, EndHeaders: true})
		}, "grpc: "},
		{"header block too large", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: make([]byte, 16<<10)})
			for range 4 {
				p.fr.WriteContinuation(1, false, make([]byte, 16<<10))
			}
		}, "grpc: response header list too large"},
		{"message too large", func(p *peer) {
			p.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: p.block(":status", "200"), EndHeaders: true})
			p.fr.WriteData(1, false, make([]byte, maxResponse+1))
		}, "grpc: response message too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, _ := serve(t, tc.script)
			_, err := check(t, addr, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check error %v, want %q", err, tc.want)
			}
			var ge *Error
			if strings.HasPrefix(tc.want, "rpc error") != errors.As(err, &ge) {
				t.Errorf("%v: *Error %v", err, ge)
			}
		})
	}
}

func TestCheckDeadline(t *testing.T) {
	addr, _ := serve(t, func(p *peer) { time.Sleep(2 * time.Second) })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := Check(ctx, addr, ""); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Check against a silent server: %v", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("Check returned after %v", d)
	}
}

func TestPercentDecode(t *testing.T) {
	for in, want := range map[string]string{"": "", "plain": "plain", "a%20b": "a b", "%E2%9C%93": "✓", "bad%zz": "bad%zz", "end%4": "end%4", "%41%42": "AB"} {
		if got := PercentDecode(in); got != want {
			t.Errorf("PercentDecode(%q) = %q, want %q", in, got, want)
		}
	}
}

// scripted is a net.Conn whose reads come from a fixed answer and whose
// writes are dropped.
type scripted struct {
	net.Conn
	r io.Reader
}

func (c scripted) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c scripted) Write(p []byte) (int, error) { return len(p), nil }

// FuzzCheckConn feeds the client arbitrary server bytes: it must return a
// status or an error, never panic nor read without bound.
func FuzzCheckConn(f *testing.F) {
	var buf bytes.Buffer
	fr := http2.NewFramer(&buf, nil)
	enc := hpack.NewEncoder(&buf)
	enc.WriteField(hpack.HeaderField{Name: ":status", Value: "200"})
	block := bytes.Clone(buf.Bytes())
	buf.Reset()
	fr.WriteSettings()
	fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block, EndHeaders: true})
	fr.WriteData(1, false, AppendMessage(nil, AppendResponse(nil, StatusServing)))
	f.Add(bytes.Clone(buf.Bytes()))
	f.Add([]byte{0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, answer []byte) {
		CheckConn(scripted{r: bytes.NewReader(answer)}, "x:1", "svc", "http", time.Second)
	})
}
