package grpcinterop

import (
	"context"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// kubeletProbe does what the kubelet's grpc prober does: a new connection
// per probe, with its user agent and the probe's timeout, one Check, close.
func kubeletProbe(addr, service string, timeout time.Duration) (healthpb.HealthCheckResponse_ServingStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	conn, err := grpc.NewClient("passthrough:///"+addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithUserAgent("kube-probe/1.34"))
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	return resp.GetStatus(), err
}

func TestKubeletStyleProbes(t *testing.T) {
	s := startHealthlite(t, nil)
	for i := 0; i < 50; i++ {
		if i == 25 {
			s.db.Set(core.StatusFail, "down")
			coretest.WaitFor(t, "db failing", func() bool { return !s.h.Snapshot().Ready() })
		}
		want := serving
		if i >= 25 {
			want = notServing
		}
		st, err := kubeletProbe(s.addr, "readiness", 20*time.Second)
		if err != nil || st != want {
			t.Fatalf("probe %d: %v %v; want %v", i, st, err, want)
		}
		if st, err := kubeletProbe(s.addr, "liveness", 20*time.Second); err != nil || st != serving {
			t.Fatalf("liveness probe %d: %v %v", i, st, err)
		}
	}
}
