package grpchealth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/healthwire"
)

func TestCheckEveryServiceKind(t *testing.T) {
	f := newFixture(t, nil)
	f.db.Set(core.StatusFail, "down")
	coretest.WaitFor(t, "db failing", func() bool { return !f.h.Snapshot().Ready() })
	for _, tc := range []struct {
		service string
		want    Status
	}{
		{"", StatusNotServing}, // /healthz: db fails
		{"liveness", StatusServing}, {"livez", StatusServing},
		{"readiness", StatusNotServing}, {"readyz", StatusNotServing},
		{"startup", StatusServing},
		{"db", StatusNotServing},
		{"cache", StatusServing}, // warn is SERVING
	} {
		st, err := Check(context.Background(), f.addr, tc.service)
		if err != nil || st != tc.want {
			t.Errorf("Check(%q) = %v, %v; want %v", tc.service, st, err, tc.want)
		}
	}
	_, err := Check(context.Background(), f.addr, "nope")
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != codeNotFound || ge.Message != "unknown service" {
		t.Errorf("unknown service: %v; want NOT_FOUND", err)
	}
}

func TestCheckUnavailableWhenNotServing(t *testing.T) {
	f := newFixture(t, &Server{UnavailableWhenNotServing: true})
	f.db.Set(core.StatusFail, "down")
	coretest.WaitFor(t, "db failing", func() bool { return !f.h.Snapshot().Ready() })
	_, err := Check(context.Background(), f.addr, "readyz")
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != codeUnavailable {
		t.Errorf("got %v; want UNAVAILABLE", err)
	}
	if st, err := Check(context.Background(), f.addr, "livez"); err != nil || st != StatusServing {
		t.Errorf("livez: %v %v", st, err)
	}
}

func TestManyChecksOnOneConnection(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	for i := uint32(0); i < 300; i++ { // beyond one connection window of responses
		id := 1 + 2*i
		c.call(id, "Check", "readyz")
		if st := c.read(id).status(t); st != StatusServing {
			t.Fatalf("stream %d: %v", id, st)
		}
	}
}

func TestErrors(t *testing.T) {
	f := newFixture(t, nil)
	c := dialRaw(t, f.addr)
	id := uint32(1)
	next := func() uint32 { id += 2; return id - 2 }
	for _, tc := range []struct {
		name         string
		send         func(id uint32)
		status, code string
		msg          string
	}{
		{"unknown method", func(id uint32) { c.call(id, "Nope", "") }, "200", "12", "unknown method for service grpc.health.v1.Health"},
		{"unknown service", func(id uint32) {
			c.Fr.WriteHeaders(hp(id, c.encode("/foo.Bar/Check")))
			c.Fr.WriteData(id, true, healthwire.AppendMessage(nil, nil))
			c.Flush()
		}, "200", "12", "unknown service; this server implements grpc.health.v1.Health"},
		{"content type", func(id uint32) {
			c.Fr.WriteHeaders(hp(id, c.encode(servicePrefix+"Check", "content-type", "application/json")))
			c.Flush()
		}, "415", "3", "invalid gRPC request content-type"},
		{"zero timeout", func(id uint32) { c.call(id, "Check", "", "grpc-timeout", "0m") }, "200", "4", "context deadline exceeded"},
		{"bad timeout", func(id uint32) { c.call(id, "Check", "", "grpc-timeout", "1x") }, "200", "13", "malformed grpc-timeout"},
		{"no message", func(id uint32) {
			c.Fr.WriteHeaders(hp(id, c.encode(servicePrefix+"Check")))
			c.Fr.WriteData(id, true, nil)
			c.Flush()
		}, "200", "13", "grpc: request carries no message"},
		{"bad message", func(id uint32) {
			c.Fr.WriteHeaders(hp(id, c.encode(servicePrefix+"Check")))
			c.Fr.WriteData(id, true, healthwire.AppendMessage(nil, []byte{0x0a, 5, 'a'}))
			c.Flush()
		}, "200", "13", "grpc: error unmarshalling request: malformed message"},
		{"compressed", func(id uint32) {
			c.Fr.WriteHeaders(hp(id, c.encode(servicePrefix+"Check")))
			c.Fr.WriteData(id, true, []byte{1, 0, 0, 0, 0})
			c.Flush()
		}, "200", "12", "grpc: compressed messages are not supported"},
		{"GET", func(id uint32) {
			c.block.Reset()
			c.Fr.WriteHeaders(hp(id, encodeBlock(":method", "GET", ":scheme", "http", ":path", "/healthz")))
			c.Flush()
		}, "405", "12", "gRPC wants POST"},
	} {
		sid := next()
		tc.send(sid)
		r := c.read(sid)
		if r.headers[":status"] != tc.status || r.trailers["grpc-status"] != tc.code || healthwire.PercentDecode(r.trailers["grpc-message"]) != tc.msg {
			t.Errorf("%s: headers %v trailers %v", tc.name, r.headers, r.trailers)
		}
		if len(r.msgs) != 0 || !r.ended {
			t.Errorf("%s: want Trailers-Only, got %d messages", tc.name, len(r.msgs))
		}
	}
	// The connection still serves.
	sid := next()
	c.call(sid, "Check", "")
	if st := c.read(sid).status(t); st != StatusServing {
		t.Errorf("after errors: %v", st)
	}
}

func TestPercentEncoding(t *testing.T) {
	for in, want := range map[string]string{"plain": "plain", "50%": "50%25", "é\n": "%C3%A9%0A"} {
		if got := percentEncode(in); got != want {
			t.Errorf("percentEncode(%q) = %q; want %q", in, got, want)
		}
		if back := healthwire.PercentDecode(want); back != in {
			t.Errorf("healthwire.PercentDecode(%q) = %q", want, back)
		}
	}
}

func TestTimeouts(t *testing.T) {
	for in, want := range map[string]time.Duration{"1S": time.Second, "250m": 250 * time.Millisecond, "99999999H": 1<<63 - 1, "7n": 7} {
		if got, ok := parseTimeout(in); !ok || got != want {
			t.Errorf("parseTimeout(%q) = %v %v", in, got, ok)
		}
		if in != "99999999H" {
			if back, _ := parseTimeout(healthwire.EncodeTimeout(want)); back != want {
				t.Errorf("healthwire.EncodeTimeout(%v) = %q", want, healthwire.EncodeTimeout(want))
			}
		}
	}
	for _, in := range []string{"", "S", "123456789S", "1s", "-1S", "1.5S"} {
		if _, ok := parseTimeout(in); ok {
			t.Errorf("parseTimeout(%q) accepted", in)
		}
	}
}
