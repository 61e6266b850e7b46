package grpcinterop

import (
	"context"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

const (
	serving    = healthpb.HealthCheckResponse_SERVING
	notServing = healthpb.HealthCheckResponse_NOT_SERVING
	unknownSvc = healthpb.HealthCheckResponse_SERVICE_UNKNOWN
)

// grpc-go's health client against healthlite: Check every kind of service.
func TestGRPCGoCheck(t *testing.T) {
	s := startHealthlite(t, nil)
	s.db.Set(core.StatusFail, "down")
	coretest.WaitFor(t, "db failing", func() bool { return !s.h.Snapshot().Ready() })
	c := client(t, s.addr)
	for service, want := range map[string]healthpb.HealthCheckResponse_ServingStatus{
		"": notServing, "liveness": serving, "livez": serving, "readiness": notServing, "readyz": notServing,
		"startup": serving, "db": notServing, "cache": serving,
	} {
		resp, err := c.Check(ctx(t), &healthpb.HealthCheckRequest{Service: service})
		if err != nil || resp.GetStatus() != want {
			t.Errorf("Check(%q) = %v, %v; want %v", service, resp.GetStatus(), err, want)
		}
	}
	_, err := c.Check(ctx(t), &healthpb.HealthCheckRequest{Service: "nope"})
	if status.Code(err) != codes.NotFound {
		t.Errorf("unknown service: %v; want NotFound", err)
	}
}

// The ALB option: NOT_SERVING as UNAVAILABLE.
func TestGRPCGoCheckUnavailable(t *testing.T) {
	s := startHealthlite(t, &grpchealth.Server{UnavailableWhenNotServing: true})
	s.db.Set(core.StatusFail, "down")
	coretest.WaitFor(t, "db failing", func() bool { return !s.h.Snapshot().Ready() })
	_, err := client(t, s.addr).Check(ctx(t), &healthpb.HealthCheckRequest{Service: "readyz"})
	if status.Code(err) != codes.Unavailable {
		t.Errorf("got %v; want Unavailable", err)
	}
}

// List, with check names (the client is local, the default policy shows them).
func TestGRPCGoList(t *testing.T) {
	s := startHealthlite(t, nil)
	resp, err := client(t, s.addr).List(ctx(t), &healthpb.HealthListRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := resp.GetStatuses()
	for _, name := range []string{"", "liveness", "livez", "readiness", "readyz", "startup", "db", "cache"} {
		if got[name].GetStatus() != serving {
			t.Errorf("List[%q] = %v", name, got[name])
		}
	}
	if len(got) != 8 {
		t.Errorf("List has %d entries: %v", len(got), got)
	}
}

// Watch: the current status, one message per change, SERVICE_UNKNOWN for a
// name that appears later, NOT_SERVING on drain, and UNAVAILABLE at shutdown.
func TestGRPCGoWatch(t *testing.T) {
	s := startHealthlite(t, nil)
	c := client(t, s.addr)
	ready, err := c.Watch(ctx(t), &healthpb.HealthCheckRequest{Service: "readiness"})
	if err != nil {
		t.Fatal(err)
	}
	later, err := c.Watch(ctx(t), &healthpb.HealthCheckRequest{Service: "later"})
	if err != nil {
		t.Fatal(err)
	}
	next := func(w healthpb.Health_WatchClient) healthpb.HealthCheckResponse_ServingStatus {
		t.Helper()
		resp, err := w.Recv()
		if err != nil {
			t.Fatal(err)
		}
		return resp.GetStatus()
	}
	if st := next(ready); st != serving {
		t.Fatalf("first: %v", st)
	}
	if st := next(later); st != unknownSvc {
		t.Fatalf("later first: %v", st)
	}
	s.db.Set(core.StatusFail, "down")
	if st := next(ready); st != notServing {
		t.Fatalf("after fail: %v", st)
	}
	s.db.Set(core.StatusFail, "other message") // no status change: no message
	s.db.Set(core.StatusPass, "")
	if st := next(ready); st != serving {
		t.Fatalf("after pass: %v", st)
	}
	r, err := s.h.Reporter("later", core.GroupLive)
	if err != nil {
		t.Fatal(err)
	}
	r.Set(core.StatusPass, "")
	st := next(later)
	if st == notServing { // registered (unknown) before it was set
		st = next(later)
	}
	if st != serving {
		t.Fatalf("later after appearing: %v", st)
	}
	s.h.Shutdown() // drain
	if st := next(ready); st != notServing {
		t.Fatalf("on drain: %v", st)
	}
	go s.shutdown(t)
	if _, err := ready.Recv(); status.Code(err) != codes.Unavailable {
		t.Errorf("at shutdown: %v; want Unavailable", err)
	}
}

// A deadline on Watch ends it with DEADLINE_EXCEEDED; on Check it is
// passed on as grpc-timeout and honoured.
func TestGRPCGoDeadline(t *testing.T) {
	s := startHealthlite(t, nil)
	c := client(t, s.addr)
	short, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	w, err := c.Watch(short, &healthpb.HealthCheckRequest{Service: ""})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := w.Recv(); err != nil || resp.GetStatus() != serving {
		t.Fatalf("first: %v %v", resp, err)
	}
	if _, err := w.Recv(); status.Code(err) != codes.DeadlineExceeded {
		t.Errorf("after the deadline: %v", err)
	}
	if resp, err := c.Check(ctx(t), &healthpb.HealthCheckRequest{}); err != nil || resp.GetStatus() != serving {
		t.Errorf("Check with a deadline: %v %v", resp, err)
	}
}
