package grpcinterop

import (
	"bytes"
	"testing"

	"github.com/healthlite/healthlite/transport/grpchealth"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/proto"
)

var marshal = proto.MarshalOptions{Deterministic: true}

// checkRequest compares healthlite's hand encoding of a HealthCheckRequest
// with the generated type's, both ways.
func checkRequest(t *testing.T, service string) {
	mine := grpchealth.AppendRequest(nil, service)
	theirs, err := marshal.Marshal(&healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		return // not valid UTF-8: protobuf refuses it too
	}
	if !bytes.Equal(mine, theirs) {
		t.Fatalf("AppendRequest(%q) = % x; protobuf % x", service, mine, theirs)
	}
	got, err := grpchealth.ParseRequest(theirs)
	if err != nil || string(got) != service {
		t.Fatalf("ParseRequest(protobuf(%q)) = %q, %v", service, got, err)
	}
	var back healthpb.HealthCheckRequest
	if err := proto.Unmarshal(mine, &back); err != nil || back.GetService() != service {
		t.Fatalf("protobuf(AppendRequest(%q)) = %q, %v", service, back.GetService(), err)
	}
}

func TestRequestEncoding(t *testing.T) {
	for _, s := range []string{"", "a", "readiness", "grpc.health.v1.Health", string(bytes.Repeat([]byte("x"), 127)),
		string(bytes.Repeat([]byte("y"), 128)), string(bytes.Repeat([]byte("z"), 20000)), "é✓"} {
		checkRequest(t, s)
	}
}

func TestResponseEncoding(t *testing.T) {
	for _, st := range []grpchealth.Status{grpchealth.StatusUnknown, grpchealth.StatusServing, grpchealth.StatusNotServing, grpchealth.StatusServiceUnknown} {
		mine := grpchealth.AppendResponse(nil, st)
		theirs, _ := marshal.Marshal(&healthpb.HealthCheckResponse{Status: healthpb.HealthCheckResponse_ServingStatus(st)})
		if !bytes.Equal(mine, theirs) {
			t.Errorf("AppendResponse(%v) = % x; protobuf % x", st, mine, theirs)
		}
		if got, err := grpchealth.ParseResponse(theirs); err != nil || got != st {
			t.Errorf("ParseResponse(protobuf(%v)) = %v, %v", st, got, err)
		}
	}
}

func TestListDecoding(t *testing.T) {
	want := map[string]*healthpb.HealthCheckResponse{
		"": {Status: serving}, "db": {Status: notServing}, "x": {}, "unknown": {Status: unknownSvc},
	}
	b, err := marshal.Marshal(&healthpb.HealthListResponse{Statuses: want})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]grpchealth.Status{}
	if err := grpchealth.ParseList(b, func(n string, st grpchealth.Status) { got[n] = st }); err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if got[k] != grpchealth.Status(v.GetStatus()) {
			t.Errorf("%q: %v; want %v", k, got[k], v.GetStatus())
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d entries; want %d", len(got), len(want))
	}
}

// FuzzRequestEncoding compares the encodings on any service name, and
// ParseRequest with protobuf on any bytes: the same accepted, the same name.
func FuzzRequestEncoding(f *testing.F) {
	f.Add("readiness", []byte{0x0a, 1, 'a'})
	f.Add("", []byte{0x12, 0})
	f.Add("db", []byte{0x0a, 0x80})
	f.Fuzz(func(t *testing.T, service string, raw []byte) {
		checkRequest(t, service)
		var theirs healthpb.HealthCheckRequest
		terr := proto.Unmarshal(raw, &theirs)
		got, err := grpchealth.ParseRequest(raw)
		if (terr == nil) != (err == nil) {
			t.Fatalf("% x: protobuf %v, healthlite %v", raw, terr, err)
		}
		if err == nil && string(got) != theirs.GetService() {
			t.Fatalf("% x: protobuf %q, healthlite %q", raw, theirs.GetService(), got)
		}
	})
}
