package deploy

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

// The gRPC variant: the bot's probes are the kubelet's grpc probes on the
// sidecar's port, and they answer as the kubelet expects, before and after
// the bot reports.
func TestKubernetesGRPCProbe(t *testing.T) {
	d := readManifest(t, "kubernetes/grpc-probe.yaml")
	hl, bot := sidecarAndBot(t, d)
	probes := []struct {
		name   string
		p      *probe
		svc    string
		before grpchealth.Status // 0: not asserted
	}{
		{"startupProbe", bot.StartupProbe, "readiness", grpchealth.StatusNotServing},
		// A heartbeat passes for its first ttl, so liveness may pass already.
		{"livenessProbe", bot.LivenessProbe, "liveness", 0},
		{"readinessProbe", bot.ReadinessProbe, "readiness", grpchealth.StatusNotServing},
	}
	for _, p := range probes {
		if p.p == nil || p.p.GRPC == nil || p.p.GRPC.Port != 8080 || p.p.GRPC.Service != p.svc {
			t.Fatalf("bot %s: want grpc on port 8080, service %q; got %+v", p.name, p.svc, p.p)
		}
	}
	// The heartbeat file lives on the pod's volume; here, a fresh file
	// stands in for it, so that readiness can pass once the bot reports.
	beat := filepath.Join(t.TempDir(), "heartbeat")
	if err := os.WriteFile(beat, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	hl.Args = append([]string(nil), hl.Args...)
	for i, a := range hl.Args {
		hl.Args[i] = strings.ReplaceAll(a, "/var/run/bot/heartbeat", beat)
	}
	s, push := serveContainer(t, hl)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
	// The kubelet: a new connection per probe, Check only.
	check := func(svc string) grpchealth.Status {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		st, err := grpchealth.Check(ctx, addr, svc)
		if err != nil {
			t.Fatalf("Check(%q): %v", svc, err)
		}
		return st
	}
	for _, p := range probes {
		if got := check(p.svc); p.before != 0 && got != p.before {
			t.Errorf("%s before the bot reports: %v, want %v", p.name, got, p.before)
		}
	}
	botReports(t, push)
	for _, p := range probes {
		coretest.WaitUntil(t, time.Minute, p.name+" to answer SERVING after the bot reports", func() bool { return check(p.svc) == grpchealth.StatusServing })
	}
	s.stop(t)
}
