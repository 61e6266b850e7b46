package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// runIn runs the program in-process and returns its exit status and output.
func runIn(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// oneLine fails the test unless s is exactly one line containing every want.
func oneLine(t *testing.T, s string, want ...string) {
	t.Helper()
	if strings.Count(s, "\n") != 1 || !strings.HasSuffix(s, "\n") {
		t.Errorf("want exactly one line, got %q", s)
	}
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("line %q does not mention %q", s, w)
		}
	}
}

// clearEnv unsets every variable the binary reads, so the developer's
// environment cannot change the outcome.
func clearEnv(t *testing.T) {
	for _, v := range []string{"HEALTHLITE_PORTS", "HEALTH_SERVER_PORTS", "HEALTHLITE_TRANSPORT", "HEALTHLITE_ADDR",
		"HEALTHLITE_SERVICE", "HEALTHLITE_PORT_FILE", "HEALTHLITE_STRICT", "HEALTHLITE_ENVIRONMENT", "ENVIRONMENT",
		"HEALTHLITE_DETAILS", "HEALTHLITE_CHECKS", "HEALTHLITE_FLAGS", "HEALTHLITE_HEARTBEATS", "HEALTHLITE_STATUSES",
		"HEALTHLITE_PUSH", "HEALTHLITE_HEALTH_FILE", "HEALTH_FILE", "HEALTHLITE_DRAIN_DELAY", "HEALTHLITE_STOP_TIMEOUT",
		"HEALTHLITE_LOG_FORMAT", "HEALTHLITE_LOG_LEVEL", "HEALTHLITE_PROBE_PORTS", "HEALTHLITE_PROBE_URL",
		"HEALTHLITE_PROBE_HOST", "HEALTHLITE_PROBE_PATH", "HEALTHLITE_PROBE_TIMEOUT",
		"HEALTHLITE_AGENT", "HEALTHLITE_AGENT_DEGRADED_WEIGHT", "HEALTHLITE_DRAINING_CODE", "HEALTHLITE_LB_HEADERS", "HEALTHLITE_STATE_FILE", "HEALTHLITE_MAINT_TIMEOUT"} {
		t.Setenv(v, "")
	}
}

func TestRunCommands(t *testing.T) {
	clearEnv(t)
	if code, _, stderr := runIn(t); code != 2 || !strings.Contains(stderr, "Usage: healthlite COMMAND") {
		t.Errorf("no arguments: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr := runIn(t, "frobnicate")
	if code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	oneLine(t, stderr, `unknown command "frobnicate"`, "serve, probe, check, maint, version or help")
	if code, stdout, _ := runIn(t, "help"); code != 0 || !strings.Contains(stdout, "serve") || !strings.Contains(stdout, "probe") {
		t.Errorf("help: exit %d, %q", code, stdout)
	}
	if code, stdout, _ := runIn(t, "help", "probe"); code != 0 || !strings.Contains(stdout, "--port-file") {
		t.Errorf("help probe: exit %d, %q", code, stdout)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runIn(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "healthlite ") || !strings.Contains(stdout, "go1.") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
	code, _, stderr := runIn(t, "version", "extra")
	if code != 2 {
		t.Errorf("version extra: exit %d", code)
	}
	oneLine(t, stderr, `unexpected argument "extra"`)
}

func TestServeHelpListsEveryVariable(t *testing.T) {
	clearEnv(t)
	code, stdout, _ := runIn(t, "serve", "--help")
	if code != 0 {
		t.Fatalf("serve --help: exit %d", code)
	}
	for _, want := range []string{
		"--ports LIST", "HEALTHLITE_PORTS, HEALTH_SERVER_PORTS", "default 8080-8084",
		"--transport NAME", "default loop", "HEALTHLITE_ENVIRONMENT, ENVIRONMENT", "default development",
		"HEALTHLITE_HEALTH_FILE, HEALTH_FILE", "--drain-delay DURATION", "default 0s", "--strict", "HEALTHLITE_STRICT",
		"--check SPEC", "HEALTHLITE_CHECKS", "repeatable", "--push ADDR", "--details WHO", "default local",
		"--log-format FORMAT", "default text", "--heartbeat", "--flag", "--status",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("serve --help does not mention %q", want)
		}
	}
}

func TestServeBadInput(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string // each must appear in the one error line
	}{
		{"unknown flag", nil, []string{"--bogus"}, []string{"flag provided but not defined: --bogus", "healthlite serve --help"}},
		{"bad port list", nil, []string{"--ports", "8080,abc"}, []string{`invalid value "8080,abc" for flag --ports`, `"abc"`}},
		{"port out of range", nil, []string{"--ports", "70000"}, []string{"--ports", "70000"}},
		{"bad env port list", map[string]string{"HEALTH_SERVER_PORTS": "9-3"}, nil, []string{`invalid value "9-3" for HEALTH_SERVER_PORTS (flag --ports)`}},
		{"bad transport", nil, []string{"--transport", "nginx"}, []string{`"nginx"`, "want one of fasthttp, loop, stdlib"}},
		{"bad failing code", nil, []string{"--failing-code", "404"}, []string{"--failing-code", `"404" is not a usable HTTP status`}},
		{"bad passing code in env", map[string]string{"HEALTHLITE_PASSING_CODE": "ok"}, nil, []string{"HEALTHLITE_PASSING_CODE", `"ok" is not a usable HTTP status`}},
		{"bad duration", nil, []string{"--drain-delay", "soon"}, []string{"--drain-delay", `"soon" is not a duration`}},
		{"bad env bool", map[string]string{"HEALTHLITE_STRICT": "perhaps"}, nil, []string{"HEALTHLITE_STRICT", `"perhaps" is not a boolean`}},
		{"bad check", nil, []string{"--check", "db=tcp:localhost"}, []string{`invalid value "db=tcp:localhost" for flag --check`, "want HOST:PORT"}},
		{"bad check in env", map[string]string{"HEALTHLITE_CHECKS": "a=tcp:127.0.0.1:1;b=redis:x"}, nil, []string{"HEALTHLITE_CHECKS", `unknown check kind "redis"`}},
		{"non-loopback push", nil, []string{"--push", "0.0.0.0:9901"}, []string{`refusing push address "0.0.0.0:9901"`, "127.0.0.1:9901"}},
		{"flag without push", nil, []string{"--flag", "bot_ready=false"}, []string{"add --push"}},
		{"duplicate names", nil, []string{"--push", "127.0.0.1:1", "--flag", "db", "--check", "db=tcp:127.0.0.1:5432"}, []string{`name "db" is used by --check and --flag`}},
		{"positional argument", nil, []string{"now"}, []string{`unexpected argument "now"`}},
		{"missing flag value", nil, []string{"--ports"}, []string{"flag needs an argument: --ports"}},
		{"health file in a missing directory", nil, []string{"--health-file", "/nonexistent/dir/healthy"}, []string{"--health-file /nonexistent/dir/healthy: directory /nonexistent/dir does not exist"}},
		{"port file in a missing directory", map[string]string{"HEALTHLITE_PORT_FILE": "/nonexistent/port"}, nil, []string{"--port-file /nonexistent/port: directory /nonexistent does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runIn(t, append([]string{"serve"}, tt.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			oneLine(t, stderr, tt.want...)
		})
	}
}

// mustParseServe parses serve's args and environment as parseServe does,
// and fails the test if they are refused.
func mustParseServe(t *testing.T, args ...string) *serveConfig {
	t.Helper()
	var stderr strings.Builder
	cfg, code := parseServe(args, &strings.Builder{}, &stderr)
	if cfg == nil {
		t.Fatalf("parseServe %q: exit %d, %s", args, code, stderr.String())
	}
	return cfg
}

func TestServeConfigFromEnvironment(t *testing.T) {
	clearEnv(t)
	t.Setenv("HEALTH_SERVER_PORTS", "9000-9002")
	t.Setenv("ENVIRONMENT", "production")
	t.Setenv("HEALTH_FILE", "/tmp/bot_healthy")
	t.Setenv("HEALTHLITE_CHECKS", "db=tcp:127.0.0.1:5432; api=http:http://127.0.0.1:8000/,expect=200")
	t.Setenv("HEALTHLITE_DRAIN_DELAY", "5s")
	t.Setenv("HEALTHLITE_DETAILS", "none")
	cfg := mustParseServe(t)
	if len(cfg.ports) != 3 || cfg.ports[0] != 9000 || cfg.ports[2] != 9002 {
		t.Errorf("ports %v, want 9000-9002 from HEALTH_SERVER_PORTS", cfg.ports)
	}
	if cfg.environment != "production" || cfg.healthFile != "/tmp/bot_healthy" || cfg.drainDelay != 5*time.Second || cfg.details != core.DetailsNone {
		t.Errorf("cfg = %+v", cfg)
	}
	if len(cfg.checks) != 2 || cfg.checks[0].cfg.Name != "db" || cfg.checks[1].cfg.Name != "api" {
		t.Errorf("checks from HEALTHLITE_CHECKS: %+v", cfg.checks)
	}

	// HEALTHLITE_PORTS wins over HEALTH_SERVER_PORTS, and a flag over both.
	t.Setenv("HEALTHLITE_PORTS", "7000")
	cfg = mustParseServe(t)
	if len(cfg.ports) != 1 || cfg.ports[0] != 7000 {
		t.Errorf("ports %v, want 7000 from HEALTHLITE_PORTS", cfg.ports)
	}
	cfg = mustParseServe(t, "--ports", "6000,6001", "--environment", "staging")
	if len(cfg.ports) != 2 || cfg.ports[0] != 6000 || cfg.environment != "staging" {
		t.Errorf("flags did not win: ports %v, environment %q", cfg.ports, cfg.environment)
	}
}

func TestServeDefaults(t *testing.T) {
	clearEnv(t)
	cfg := mustParseServe(t)
	if len(cfg.ports) != 5 || cfg.ports[0] != 8080 || cfg.ports[4] != 8084 {
		t.Errorf("default ports %v, want 8080-8084", cfg.ports)
	}
	if cfg.transport != "loop" || cfg.environment != "development" || cfg.details != core.DetailsLocal ||
		cfg.service != "healthlite" || cfg.strict || cfg.logFormat != "text" {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestProbeBadInputExitsOne(t *testing.T) {
	clearEnv(t)
	for _, args := range [][]string{
		{"--bogus"},
		{"--ports", "abc"},
		{"--url", "ftp://example.com/"},
		{"--ports", "8080", "--url", "http://127.0.0.1:1/"},
		{"--path", "health"},
		{"--port-file", "/nonexistent/healthlite.port"},
		{"--timeout", "0s"},
	} {
		code, _, stderr := runIn(t, append([]string{"probe"}, args...)...)
		if code != 1 {
			t.Errorf("probe %q: exit %d, want 1 (never 2)", args, code)
		}
		oneLine(t, stderr, "healthlite probe: ")
	}
}
