package grpchealth

import (
	"strconv"
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/healthwire"
)

func list(t *testing.T, c *rawClient, id uint32) (map[string]Status, *result) {
	t.Helper()
	c.call(id, "List", "")
	r := c.read(id)
	if r.trailers["grpc-status"] != "0" {
		return nil, r
	}
	got := map[string]Status{}
	if len(r.msgs) != 1 {
		t.Fatalf("%d messages", len(r.msgs))
	}
	if err := ParseList(r.msgs[0], func(n string, st Status) { got[n] = st }); err != nil {
		t.Fatal(err)
	}
	return got, r
}

func TestListNamesByDetailsPolicy(t *testing.T) {
	f := newFixture(t, nil) // DetailsLocal, and the client is on loopback
	c := dialRaw(t, f.addr)
	got, _ := list(t, c, 1)
	want := map[string]Status{"": StatusServing, "liveness": StatusServing, "livez": StatusServing,
		"readiness": StatusServing, "readyz": StatusServing, "startup": StatusServing, "db": StatusServing, "cache": StatusServing}
	if len(got) != len(want) {
		t.Fatalf("List = %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("List[%q] = %v; want %v", k, got[k], v)
		}
	}
	// A client naming another host (not loopback) sees no check names.
	c.Fr.WriteHeaders(hp(3, c.encode(servicePrefix+"List")))
	c.Fr.WriteData(3, true, healthwire.AppendMessage(nil, nil))
	c.Flush()
	c.read(3)
	c.block.Reset()
	c.Fr.WriteHeaders(hp(5, encodeBlock(":method", "POST", ":scheme", "http", ":path", servicePrefix+"List",
		":authority", "example.com", "content-type", "application/grpc")))
	c.Fr.WriteData(5, true, healthwire.AppendMessage(nil, nil))
	c.Flush()
	r := c.read(5)
	n := 0
	ParseList(r.msgs[0], func(name string, _ Status) {
		n++
		if !isFixed(name) {
			t.Errorf("check name %q shown", name)
		}
	})
	if n != len(fixedServices) {
		t.Errorf("%d entries", n)
	}
}

func TestListTooMany(t *testing.T) {
	f := newFixture(t, nil)
	for i := 0; i < maxList; i++ {
		if _, err := f.h.Flag("f"+strconv.Itoa(i), true, core.Informational); err != nil {
			t.Fatal(err)
		}
	}
	coretest.WaitFor(t, "the flags", func() bool { return len(f.h.Snapshot().Checks()) == maxList+2 })
	c := dialRaw(t, f.addr)
	coretest.WaitFor(t, "the view", func() bool { return f.srv.view.Load().many[1] })
	if _, r := list(t, c, 1); r.trailers["grpc-status"] != "8" {
		t.Errorf("trailers %v; want RESOURCE_EXHAUSTED", r.trailers)
	}
	_ = core.StatusPass
}
