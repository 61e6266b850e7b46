package deploy

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core/coretest"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// Just the parts of a Deployment the tests look at.
type deployment struct {
	Kind string `json:"kind"`
	Spec struct {
		Template struct {
			Spec struct {
				InitContainers []container `json:"initContainers"`
				Containers     []container `json:"containers"`
			} `json:"spec"`
		} `json:"template"`
	} `json:"spec"`
}

type container struct {
	Name          string   `json:"name"`
	Image         string   `json:"image"`
	RestartPolicy string   `json:"restartPolicy"`
	Args          []string `json:"args"`
	Env           []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"env"`
	Ports          []struct{ ContainerPort int } `json:"ports"`
	StartupProbe   *probe                        `json:"startupProbe"`
	LivenessProbe  *probe                        `json:"livenessProbe"`
	ReadinessProbe *probe                        `json:"readinessProbe"`
}

type probe struct {
	HTTPGet *struct {
		Path string `json:"path"`
		Port any    `json:"port"`
	} `json:"httpGet"`
	Exec *struct {
		Command []string `json:"command"`
	} `json:"exec"`
	TCPSocket *struct {
		Port any `json:"port"`
	} `json:"tcpSocket"`
	GRPC *struct {
		Port    int    `json:"port"`
		Service string `json:"service"`
	} `json:"grpc"`
}

// readManifest parses a YAML manifest through python3's yaml module (the
// root module takes no YAML dependency) into a deployment.
func readManifest(t *testing.T, path string) deployment {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed (Debian: apt-get install python3 python3-yaml)")
	}
	cmd := exec.Command("python3", "-c", "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)", path)
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && strings.Contains(string(ee.Stderr), "No module named 'yaml'") {
			t.Skip("python3 yaml module missing (Debian: apt-get install python3-yaml)")
		}
		t.Fatalf("%s is not valid YAML: %v\n%s", path, err, out)
	}
	var d deployment
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if d.Kind != "Deployment" {
		t.Fatalf("%s: kind %q, want Deployment", path, d.Kind)
	}
	return d
}

// sidecarAndBot returns the native-sidecar healthlite container and the bot.
func sidecarAndBot(t *testing.T, d deployment) (hl, bot container) {
	t.Helper()
	spec := d.Spec.Template.Spec
	if len(spec.InitContainers) != 1 || spec.InitContainers[0].RestartPolicy != "Always" || spec.InitContainers[0].Name != "healthlite" {
		t.Fatalf("want one native sidecar named healthlite (init container, restartPolicy Always), got %+v", spec.InitContainers)
	}
	if len(spec.Containers) != 1 {
		t.Fatalf("want one app container, got %d", len(spec.Containers))
	}
	return spec.InitContainers[0], spec.Containers[0]
}

func envOf(c container) []string {
	var env []string
	for _, e := range c.Env {
		env = append(env, e.Name+"="+e.Value)
	}
	return env
}

func (c container) env(name string) string {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

// serveContainer runs the healthlite container's args and env locally
// (any free port, a free push address) and returns the server and the push
// address.
func serveContainer(t *testing.T, hl container) (*server, string) {
	t.Helper()
	dir := t.TempDir()
	push := tcptest.FreeAddr(t)
	args := override(hl.Args, "push", push)
	args = override(args, "port-file", filepath.Join(dir, "port"))
	args = override(args, "drain-delay", "0s")
	env := append(envOf(hl), "HEALTH_SERVER_PORTS=0")
	return serve(t, args, env, filepath.Join(dir, "port")), push
}

// botReports plays the bot: flags true and a heartbeat, by the push API.
func botReports(t *testing.T, push string) {
	t.Helper()
	for _, p := range []struct{ path, body string }{
		{"/flags/bot_ready", "true"}, {"/flags/trading_bot_initialized", "true"}, {"/heartbeat/bot", ""},
	} {
		resp, err := http.Post("http://"+push+p.path, "text/plain", strings.NewReader(p.body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %s", p.path, resp.Status)
		}
	}
}

func TestKubernetesSidecar(t *testing.T) {
	d := readManifest(t, "kubernetes/sidecar.yaml")
	hl, bot := sidecarAndBot(t, d)
	if hl.env("HEALTH_SERVER_PORTS") != "8080" || len(hl.Ports) != 1 || hl.Ports[0].ContainerPort != 8080 {
		t.Errorf("healthlite container: want HEALTH_SERVER_PORTS=8080 and containerPort 8080")
	}
	if hl.StartupProbe == nil || hl.StartupProbe.TCPSocket == nil {
		t.Errorf("healthlite container: want a tcpSocket startup probe, so the bot starts after it listens")
	}
	for _, p := range []struct {
		name  string
		probe *probe
		path  string
	}{{"startupProbe", bot.StartupProbe, "/readyz"}, {"livenessProbe", bot.LivenessProbe, "/livez"}, {"readinessProbe", bot.ReadinessProbe, "/readyz"}} {
		if p.probe == nil || p.probe.HTTPGet == nil || p.probe.HTTPGet.Path != p.path || p.probe.HTTPGet.Port != float64(8080) {
			t.Errorf("bot %s: want httpGet %s on port 8080 (the sidecar)", p.name, p.path)
		}
	}
	if bot.env("HEALTHLITE_PUSH") != "127.0.0.1:9901" || !contains(hl.Args, "--push=127.0.0.1:9901") {
		t.Errorf("bot and sidecar disagree on the push address: bot %q, sidecar args %q", bot.env("HEALTHLITE_PUSH"), hl.Args)
	}

	// The sidecar's arguments work, and its endpoints answer as the probes expect.
	s, push := serveContainer(t, hl)
	base := "http://127.0.0.1:" + strconv.Itoa(s.port)
	if code := get(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz before the bot reports = %d, want 503", code)
	}
	botReports(t, push)
	// Liveness, fed by the push heartbeat, passes; readiness stays 503
	// here because the heartbeat file check names a path on the pod's volume.
	coretest.WaitUntil(t, time.Minute, "/livez to answer 200 after the bot's heartbeat", func() bool { return get(t, base+"/livez") == http.StatusOK })
	if code := get(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz without the heartbeat file = %d, want 503", code)
	}
	s.stop(t)
}

func TestKubernetesExecProbe(t *testing.T) {
	d := readManifest(t, "kubernetes/exec-probe.yaml")
	hl, bot := sidecarAndBot(t, d)
	if !contains(hl.Args, "--addr=127.0.0.1") {
		t.Errorf("healthlite args %q: want --addr=127.0.0.1 (the reason for exec probes)", hl.Args)
	}
	s, push := serveContainer(t, hl)

	// Each probe command, pointed at the local server's port, exits as the
	// manifest's comments promise: the sidecar's startup probe passes at
	// once, the bot's probes only after it reports.
	run := func(command []string) int {
		t.Helper()
		if len(command) < 2 || filepath.Base(command[0]) != "healthlite" || command[1] != "probe" {
			t.Fatalf("probe command %q, want healthlite probe …", command)
		}
		args := override(command[2:], "ports", strconv.Itoa(s.port))
		err := exec.Command(binary, append([]string{"probe"}, args...)...).Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0
	}
	probes := []struct {
		name   string
		p      *probe
		path   string
		before int // exit status before the bot reports; -1: not asserted
	}{
		{"healthlite startupProbe", hl.StartupProbe, "/metrics", 0},
		{"bot startupProbe", bot.StartupProbe, "/readyz", 1},
		// A heartbeat counts for liveness only after its first ttl without
		// a beat, so /livez passes already; readiness waits for the bot.
		{"bot livenessProbe", bot.LivenessProbe, "/livez", 0},
		{"bot readinessProbe", bot.ReadinessProbe, "/readyz", 1},
	}
	for _, p := range probes {
		if p.p == nil || p.p.Exec == nil || !contains(p.p.Exec.Command, p.path) {
			t.Fatalf("%s: want an exec probe on %s, got %+v", p.name, p.path, p.p)
		}
		if got := run(p.p.Exec.Command); p.before >= 0 && got != p.before {
			t.Errorf("%s before the bot reports: exit %d, want %d", p.name, got, p.before)
		}
	}
	botReports(t, push)
	for _, p := range probes {
		coretest.WaitUntil(t, time.Minute, p.name+" to exit 0 after the bot reports", func() bool { return run(p.p.Exec.Command) == 0 })
	}
	s.stop(t)
}

func get(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
