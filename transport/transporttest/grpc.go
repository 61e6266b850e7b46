package transporttest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/transport/grpchealth"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// RunGRPC runs the gRPC cases of the suite against a server whose
// constructor sets its GRPC field: grpc.health.v1 and HTTP/1.1 on one
// listener, each answering as the snapshot says; a request starting with
// 'P' that is not the HTTP/2 preface still reaches HTTP; an HTTP/2 flood
// (PINGs, SETTINGS, rapid reset, CONTINUATIONs) ends its own connection
// only, with ENHANCE_YOUR_CALM; an HPACK bomb gets 431 on its stream
// only; and Shutdown ends a Watch stream with trailers and GOAWAY.
func RunGRPC(t *testing.T, newServer NewServer) {
	f := newFixture(t)
	addr := serve(t, newServer, f.h)
	t.Run("SameListener", func(t *testing.T) { testGRPCSameListener(t, f, addr) })
	t.Run("NotThePreface", func(t *testing.T) { testNotThePreface(t, f, addr) })
	t.Run("PingFlood", func(t *testing.T) { testGRPCFlood(t, f, addr, pingFlood) })
	t.Run("SettingsFlood", func(t *testing.T) { testGRPCFlood(t, f, addr, settingsFlood) })
	t.Run("HPACKBomb", func(t *testing.T) { testHPACKBomb(t, addr) })
	t.Run("RapidReset", func(t *testing.T) { testGRPCFlood(t, f, addr, rapidReset) })
	t.Run("ContinuationFlood", func(t *testing.T) { testGRPCFlood(t, f, addr, continuationFlood) })
	t.Run("WatchShutdown", func(t *testing.T) { testWatchShutdown(t, newServer, f) })
}

func testGRPCSameListener(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr) // an HTTP/1.1 connection kept open throughout
	for _, tc := range []struct {
		service string
		want    grpchealth.Status
	}{
		{"", grpchealth.StatusNotServing}, // queue fails
		{"livez", grpchealth.StatusServing},
		{"readiness", grpchealth.StatusNotServing},
		{"startup", grpchealth.StatusServing},
		{"db", grpchealth.StatusServing},
		{"queue", grpchealth.StatusNotServing},
		{"bot_ready", grpchealth.StatusServing},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		st, err := grpchealth.Check(ctx, addr, tc.service)
		cancel()
		if err != nil || st != tc.want {
			t.Errorf("Check(%q) = %v, %v; want %v", tc.service, st, err, tc.want)
		}
		r := get("/readyz?verbose")
		if a, ok := c.do(t, r); ok {
			check(t, r, a, f.route("GET", r.target, ""))
		}
	}
	_, err := grpchealth.Check(context.Background(), addr, "nope")
	var ge *grpchealth.Error
	if !errors.As(err, &ge) || ge.Code != 5 {
		t.Errorf("unknown service: %v; want NOT_FOUND", err)
	}
}

func testNotThePreface(t *testing.T, f *fixture, addr string) {
	for _, r := range []request{{method: "POST", target: "/healthz"}, {method: "PRIX", target: "/healthz"}} {
		c := dial(t, addr)
		a, ok := c.do(t, r)
		if !ok {
			continue
		}
		if want := f.route(r.method, r.target, ""); a.StatusCode != want.Status && a.StatusCode != 400 {
			t.Errorf("%s: %d; want the HTTP server's answer %d", r.method, a.StatusCode, want.Status)
		}
	}
}

// The floods, each a writer of frames on a connection.
func pingFlood(h2 *h2Conn) {
	for i := 0; i < 5000; i++ {
		h2.fr.WritePing(false, [8]byte{byte(i)})
	}
}

func rapidReset(h2 *h2Conn) {
	for i := uint32(0); i < 5000; i++ {
		id := 1 + 2*i
		h2.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: checkBlock, EndHeaders: true})
		h2.fr.WriteRSTStream(id, http2.ErrCodeCancel)
	}
}

func continuationFlood(h2 *h2Conn) {
	h2.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: checkBlock})
	for i := 0; i < 5000; i++ {
		h2.fr.WriteContinuation(1, false, nil)
	}
}

// checkBlock is the header block of a Check, without the dynamic table.
var checkBlock = func() []byte {
	var b bytes.Buffer
	enc := hpack.NewEncoder(&b)
	enc.SetMaxDynamicTableSizeLimit(0)
	enc.WriteField(hpack.HeaderField{Name: ":method", Value: "POST"}) // carries the size update, once: sent as a whole block
	for _, f := range [][2]string{{":scheme", "http"}, {":path", "/grpc.health.v1.Health/Check"}, {"content-type", "application/grpc"}} {
		enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	return b.Bytes()
}()

func testGRPCFlood(t *testing.T, f *fixture, addr string, flood func(*h2Conn)) {
	h2 := dialH2(t, addr)
	go func() {
		flood(h2)
		h2.w.Flush()
	}()
	if code := h2.goAway(t); code != http2.ErrCodeEnhanceYourCalm {
		t.Errorf("GOAWAY %v; want ENHANCE_YOUR_CALM", code)
	}
	stillAnswers(t, f, addr)
	if st, err := grpchealth.Check(context.Background(), addr, "livez"); err != nil || st != grpchealth.StatusServing {
		t.Errorf("Check after the flood: %v %v", st, err)
	}
}

func testWatchShutdown(t *testing.T, newServer NewServer, f *fixture) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(f.h)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	h2 := dialH2(t, ln.Addr().String())
	h2.watch(1, "livez")
	var trailers map[string]string
	var msgs int
	var shut chan error
	for trailers == nil {
		fr, err := h2.fr.ReadFrame()
		if err != nil {
			t.Fatal(err)
		}
		switch fr := fr.(type) {
		case *http2.DataFrame:
			if msgs++; msgs == 1 { // the first status came: shut down
				shut = make(chan error, 1)
				go func() {
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					defer cancel()
					shut <- srv.Shutdown(ctx)
				}()
			}
		case *http2.MetaHeadersFrame:
			if fr.StreamEnded() {
				trailers = map[string]string{}
				for _, hf := range fr.Fields {
					trailers[hf.Name] = hf.Value
				}
			}
		}
	}
	if trailers["grpc-status"] != "14" || msgs != 1 {
		t.Errorf("Watch ended with %v after %d messages; want grpc-status 14 after 1", trailers, msgs)
	}
	if code := h2.goAway(t); code != http2.ErrCodeNo {
		t.Errorf("GOAWAY %v; want NO_ERROR", code)
	}
	h2.nc.Close()
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// h2Conn is a raw HTTP/2 client connection.
type h2Conn struct {
	nc net.Conn
	w  *bufio.Writer
	fr *http2.Framer
}

func dialH2(t *testing.T, addr string) *h2Conn {
	t.Helper()
	nc, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(60 * time.Second))
	c := &h2Conn{nc: nc, w: bufio.NewWriter(nc)}
	c.fr = http2.NewFramer(c.w, bufio.NewReader(nc))
	c.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	c.w.WriteString(grpchealth.ClientPreface)
	c.fr.WriteSettings()
	c.w.Flush()
	return c
}

// watch opens a Watch stream on service.
func (c *h2Conn) watch(id uint32, service string) {
	var b bytes.Buffer
	enc := hpack.NewEncoder(&b)
	for _, f := range [][2]string{{":method", "POST"}, {":scheme", "http"}, {":path", "/grpc.health.v1.Health/Watch"},
		{":authority", "localhost"}, {"content-type", "application/grpc"}, {"te", "trailers"}} {
		enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: b.Bytes(), EndHeaders: true})
	msg := grpchealth.AppendRequest(nil, service)
	c.fr.WriteData(id, true, append([]byte{0, 0, 0, 0, byte(len(msg))}, msg...))
	c.w.Flush()
}

// goAway reads until a GOAWAY and returns its code.
func (c *h2Conn) goAway(t *testing.T) http2.ErrCode {
	t.Helper()
	for {
		f, err := c.fr.ReadFrame()
		if err != nil {
			t.Fatalf("no GOAWAY: %v", err)
		}
		if g, ok := f.(*http2.GoAwayFrame); ok {
			return g.ErrCode
		}
	}
}
