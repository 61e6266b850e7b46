package grpcinterop

import (
	"net"
	"os/exec"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/core"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthgrpc "google.golang.org/grpc/health/grpc_health_v1"
)

// grpcGoServer starts grpc-go's own health server on loopback.
func grpcGoServer(t *testing.T) (*health.Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	hs := health.NewServer()
	healthgrpc.RegisterHealthServer(srv, hs)
	go srv.Serve(ln)
	t.Cleanup(srv.Stop)
	return hs, ln.Addr().String()
}

// probe runs "healthlite probe --grpc addr --service service", or the
// same flags of healthlite-probe when command is probeBin.
func probe(t *testing.T, command []string, addr, service string) (int, string) {
	t.Helper()
	cmd := exec.Command(command[0], append(command[1:], "--grpc", addr, "--service", service, "--timeout", "20s")...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	return code, strings.TrimSpace(string(out))
}

// healthlite's probe, healthlite-probe and the grpc check kind against
// grpc-go's health server flipping between SERVING and NOT_SERVING.
func TestProbeAndCheckAgainstGRPCGo(t *testing.T) {
	hs, addr := grpcGoServer(t)
	check := checks.GRPC(addr, "api.v1.Users")
	run := func() core.Result {
		var r core.Result
		check.Check(ctx(t), &r)
		return r
	}
	probes := [][]string{{healthliteBin, "probe"}, {probeBin}}
	for i, st := range []healthgrpc.HealthCheckResponse_ServingStatus{serving, notServing, serving} {
		hs.SetServingStatus("api.v1.Users", st)
		r := run()
		for _, p := range probes {
			code, out := probe(t, p, addr, "api.v1.Users")
			if st == serving && (code != 0 || out != `healthy: grpc://`+addr+` service "api.v1.Users" is SERVING`) ||
				st != serving && (code != 1 || out != `unhealthy: grpc://`+addr+` service "api.v1.Users" is NOT_SERVING`) {
				t.Errorf("round %d %v: %d %q", i, p, code, out)
			}
		}
		if st == serving && r.Status != core.StatusPass ||
			st != serving && (r.Status != core.StatusFail || !strings.HasPrefix(r.Message, `service "api.v1.Users" is NOT_SERVING`)) {
			t.Errorf("round %d check: %+v", i, r)
		}
	}
	for _, p := range probes {
		code, out := probe(t, p, addr, "nope")
		if code != 1 || out != `unhealthy: grpc://`+addr+` service "nope": rpc error: code = NotFound desc = unknown service` {
			t.Errorf("%v unknown service: %d %q", p, code, out)
		}
		code, out = probe(t, p, addr, "") // grpc-go's server registers "" as SERVING
		if code != 0 {
			t.Errorf("%v empty service: %d %q", p, code, out)
		}
	}
}
