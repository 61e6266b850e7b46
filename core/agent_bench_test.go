package core

import "testing"

func BenchmarkAgentReply(b *testing.B) {
	h := kubeHealthFor(b)
	h.Stop()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n += len(h.AgentReply(true))
	}
	_ = n
}
