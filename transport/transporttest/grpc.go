package transporttest

import (
	"bytes"
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/healthlite/healthlite/transport/internal/h2test"
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
	start := func(h *core.Health) Server {
		return newServer(Config{Health: h, Logger: Logger(t), GRPC: &grpchealth.Server{}})
	}
	addr := Serve(t, start(f.h))
	t.Run("SameListener", func(t *testing.T) { testGRPCSameListener(t, f, addr) })
	t.Run("NotThePreface", func(t *testing.T) { testNotThePreface(t, f, addr) })
	t.Run("PingFlood", func(t *testing.T) { testGRPCFlood(t, f, addr, pingFlood) })
	t.Run("SettingsFlood", func(t *testing.T) { testGRPCFlood(t, f, addr, settingsFlood) })
	t.Run("HPACKBomb", func(t *testing.T) { testHPACKBomb(t, addr) })
	t.Run("RapidReset", func(t *testing.T) { testGRPCFlood(t, f, addr, rapidReset) })
	t.Run("ContinuationFlood", func(t *testing.T) { testGRPCFlood(t, f, addr, continuationFlood) })
	t.Run("WatchShutdown", func(t *testing.T) { testWatchShutdown(t, start, f) })
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
func pingFlood(h2 *h2test.Conn) {
	for i := 0; i < 5000; i++ {
		h2.Fr.WritePing(false, [8]byte{byte(i)})
	}
}

func rapidReset(h2 *h2test.Conn) {
	for i := uint32(0); i < 5000; i++ {
		id := 1 + 2*i
		h2.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: checkBlock, EndHeaders: true})
		h2.Fr.WriteRSTStream(id, http2.ErrCodeCancel)
	}
}

func continuationFlood(h2 *h2test.Conn) {
	h2.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: checkBlock})
	for i := 0; i < 5000; i++ {
		h2.Fr.WriteContinuation(1, false, nil)
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

func testGRPCFlood(t *testing.T, f *fixture, addr string, flood func(*h2test.Conn)) {
	h2 := h2test.Dial(t, addr)
	go func() {
		flood(h2)
		h2.W.Flush()
	}()
	if code := goAway(t, h2); code != http2.ErrCodeEnhanceYourCalm {
		t.Errorf("GOAWAY %v; want ENHANCE_YOUR_CALM", code)
	}
	stillAnswers(t, f, addr)
	if st, err := grpchealth.Check(context.Background(), addr, "livez"); err != nil || st != grpchealth.StatusServing {
		t.Errorf("Check after the flood: %v %v", st, err)
	}
}

func testWatchShutdown(t *testing.T, newServer serverFor, f *fixture) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(f.h)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	h2 := h2test.Dial(t, ln.Addr().String())
	watch(h2, 1, "livez")
	var trailers map[string]string
	var msgs int
	var shut chan error
	for trailers == nil {
		fr, err := h2.Fr.ReadFrame()
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
	if code := goAway(t, h2); code != http2.ErrCodeNo {
		t.Errorf("GOAWAY %v; want NO_ERROR", code)
	}
	h2.NC.Close()
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// watch opens a Watch stream on service.
func watch(c *h2test.Conn, id uint32, service string) {
	var b bytes.Buffer
	enc := hpack.NewEncoder(&b)
	for _, f := range h2test.RequestFields("/grpc.health.v1.Health/Watch") {
		enc.WriteField(f)
	}
	c.Fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: b.Bytes(), EndHeaders: true})
	msg := grpchealth.AppendRequest(nil, service)
	c.Fr.WriteData(id, true, append([]byte{0, 0, 0, 0, byte(len(msg))}, msg...))
	c.Flush()
}

// goAway reads until a GOAWAY and returns its code, failing t when none
// comes.
func goAway(t *testing.T, c *h2test.Conn) http2.ErrCode {
	t.Helper()
	code, ok := c.GoAway()
	if !ok {
		t.Fatal("no GOAWAY before the connection ended")
	}
	return code
}
