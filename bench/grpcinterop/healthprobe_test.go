package grpcinterop

import (
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/core/coretest"
)

// grpcHealthProbe builds grpc_health_probe from its Go module (a tool of
// this module, pinned in go.mod), once.
var grpcHealthProbe = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(buildDir, "grpc_health_probe")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/grpc-ecosystem/grpc-health-probe").CombinedOutput()
	if err != nil {
		return "", &buildError{err: err, out: string(out)}
	}
	return bin, nil
})

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string {
	return "go build grpc-health-probe: " + e.err.Error() + "\n" + e.out
}

// grpc_health_probe against healthlite: exit 0 on SERVING, 4 on
// NOT_SERVING, 3 on an RPC error (NOT_FOUND).
func TestGRPCHealthProbeAgainstHealthlite(t *testing.T) {
	bin, err := grpcHealthProbe()
	if err != nil {
		t.Fatal(err)
	}
	s := startHealthlite(t, nil)
	run := func(service string) (int, string) {
		out, err := exec.Command(bin, "-addr", s.addr, "-service", service, "-connect-timeout", "20s", "-rpc-timeout", "20s").CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, strings.TrimSpace(string(out))
	}
	for _, svc := range []string{"", "readiness", "livez", "db"} {
		if code, out := run(svc); code != 0 || out != "status: SERVING" {
			t.Errorf("%q: exit %d, %q", svc, code, out)
		}
	}
	s.db.Set(core.StatusFail, "down")
	coretest.WaitFor(t, "db failing", func() bool { return !s.h.Snapshot().Ready() })
	if code, out := run("readiness"); code != 4 || !strings.Contains(out, "NOT_SERVING") {
		t.Errorf("readiness failing: exit %d, %q", code, out)
	}
	if code, out := run("nope"); code != 3 || !strings.Contains(out, "NotFound") {
		t.Errorf("unknown service: exit %d, %q", code, out)
	}
}
