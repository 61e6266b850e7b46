//go:build !race && !tinygo

package core

import "testing"

func TestAgentReplyAllocatesNothing(t *testing.T) {
	h := kubeHealth(t)
	h.Stop()
	for _, local := range []bool{true, false} {
		if n := testing.AllocsPerRun(100, func() { _ = h.AgentReply(local) }); n != 0 {
			t.Errorf("AgentReply(%v): %v allocations, want 0", local, n)
		}
	}
}

func TestLoadBalancerAnswersAllocateNothing(t *testing.T) {
	h, _, cache := lbHealth(t, Options{LBHeaders: LBHeadersEnvoy, DrainingCode: 404})
	resp := &Response{Scratch: make([]byte, 0, 4096)}
	for _, set := range []func(){
		func() { cache.Set(StatusFail, "slow") },
		func() { h.SetMaintenance(Maintenance{On: true, Reason: "r"}) },
	} {
		set()
		h.Stop()
		for _, path := range []string{"/readyz", "/health", "/livez"} {
			req := &Request{Method: "GET", Path: path}
			if n := testing.AllocsPerRun(100, func() { h.Route(req, resp) }); n != 0 {
				t.Errorf("%s in state %v: %v allocations, want 0", path, h.Snapshot().State(), n)
			}
		}
	}
}
